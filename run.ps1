# Thin wrapper, same as run.sh: build the CLI once, then hand over. All behaviour lives in tested C#.
#   ./run.ps1                 score the bundled reference clients, write reports/
#   ./run.ps1 test            run the whole test suite
#   ./run.ps1 serve|list|validate|rules|run …   see ./run.ps1 help
# It prints what run.sh prints and exits with the same codes: the build's own output goes to
# .build/cli-build.log and is shown (on stderr, then "run.ps1: build failed …", exit 3) only when the build
# fails. Tested against run.sh by tests/Conformance.Tests/Scripts/RunPs1Tests.cs.
$ErrorActionPreference = 'Stop'
# The caller's preferences must not change what a native exit code means here.
$PSNativeCommandUseErrorActionPreference = $false
$PSNativeCommandArgumentPassing = 'Standard'
$root = $PSScriptRoot

# Like run.sh's `cd` and `export`: for this run only, so a calling PowerShell session keeps its location and environment.
$saved = @{}
foreach ($name in 'DOTNET_CLI_TELEMETRY_OPTOUT', 'DOTNET_NOLOGO', 'DOTNET_SKIP_FIRST_TIME_EXPERIENCE') {
    $saved[$name] = [Environment]::GetEnvironmentVariable($name)
    [Environment]::SetEnvironmentVariable($name, '1')
}
Push-Location -LiteralPath $root

# Raw bytes to stderr, as run.sh's `cat … >&2` and `echo … >&2` (no re-encoding, LF line ends).
function Write-StdErrBytes([byte[]] $bytes) {
    $stderr = [Console]::OpenStandardError()
    $stderr.Write($bytes, 0, $bytes.Length)
    $stderr.Flush()
}

# `dotnet build … > log 2>&1` without a shell: the build's stdout byte for byte, then its stderr (dotnet build
# writes its messages to stdout; PowerShell's own redirection would re-encode lines and reorder the streams).
function Invoke-BuildToLog([string[]] $arguments, [string] $log) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $arguments) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.WorkingDirectory = $root
    try { $process = [System.Diagnostics.Process]::Start($psi) }
    catch {
        # As bash reports a missing command (run.sh then shows it as the failed build's log).
        [System.IO.File]::WriteAllText($log, "run.ps1: dotnet: command not found`n")
        return 127
    }
    $file = [System.IO.File]::Create($log)
    try {
        $errors = [System.IO.MemoryStream]::new()
        $errorsCopied = $process.StandardError.BaseStream.CopyToAsync($errors)
        $process.StandardOutput.BaseStream.CopyTo($file)
        $null = $errorsCopied.GetAwaiter().GetResult()
        $process.WaitForExit()
        $errors.WriteTo($file)
    }
    finally {
        $file.Dispose()
    }
    return $process.ExitCode
}

try {
    if ($args.Count -gt 0 -and $args[0] -ceq 'test') {
        $rest = @($args | Select-Object -Skip 1)
        # Same suite as run.sh: where bash exists (Linux, macOS, Git Bash) use the one test script.
        if (Get-Command bash -ErrorAction SilentlyContinue) {
            bash (Join-Path $root 'scripts/test.sh') @rest
            exit $LASTEXITCODE
        }
        # Windows without bash: the NUnit suite alone (the reference clients' node tests need bash).
        $results = Join-Path $root '.build/test-results'
        if (Test-Path $results) { Remove-Item -Recurse -Force $results }
        # One TRX per test project (a fixed LogFileName would make each project overwrite the one before): count them all.
        dotnet test (Join-Path $root 'Conformance.sln') -c Release --nologo --logger trx --results-directory $results @rest
        $rc = $LASTEXITCODE
        $passed = 0; $failed = 0
        foreach ($trx in @(Get-ChildItem -Recurse -Filter *.trx $results)) {
            $text = Get-Content -Raw $trx.FullName
            $passed += ([regex]::Matches($text, '<UnitTestResult [^>]*outcome="Passed"')).Count
            $failed += ([regex]::Matches($text, '<UnitTestResult [^>]*outcome="Failed"')).Count
        }
        if ($rc -ne 0 -and $failed -eq 0) { $failed = 1 }
        Write-Output "Tests: $passed passed, $failed failed"
        exit $(if ($failed -eq 0) { 0 } else { 1 })
    }

    $out = Join-Path $root '.build/cli'
    $log = Join-Path $root '.build/cli-build.log'
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $root '.build')
    $project = Join-Path $root 'src/Conformance.Cli/Conformance.Cli.csproj'
    $built = Invoke-BuildToLog @('build', $project, '-c', 'Release', '-o', $out, '--nologo', '-v', 'quiet') $log
    if ($built -ne 0) {
        Write-StdErrBytes ([System.IO.File]::ReadAllBytes($log))
        Write-StdErrBytes ([System.Text.Encoding]::UTF8.GetBytes("run.ps1: build failed (log: .build/cli-build.log)`n"))
        exit 3
    }
    dotnet (Join-Path $out 'conformance.dll') @args
    exit $LASTEXITCODE
}
finally {
    Pop-Location
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
}
