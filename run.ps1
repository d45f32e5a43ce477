# Thin wrapper, same as run.sh: build the CLI once, then hand over. All behaviour lives in tested C#.
#   ./run.ps1                 score the bundled reference clients, write reports/
#   ./run.ps1 test            run the whole test suite
#   ./run.ps1 serve|list|validate|rules|run …
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
Set-Location $root
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

if ($args.Count -gt 0 -and $args[0] -eq 'test') {
    $rest = @($args | Select-Object -Skip 1)
    # Same suite as run.sh: where bash exists (Linux, macOS, Git Bash) use the one test script.
    if (Get-Command bash -ErrorAction SilentlyContinue) {
        bash (Join-Path $root 'scripts/test.sh') @rest
        exit $LASTEXITCODE
    }
    # Windows without bash: the NUnit suite alone (the reference clients' node tests need bash).
    $results = Join-Path $root '.build/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    dotnet test (Join-Path $root 'Conformance.sln') -c Release --nologo --logger 'trx;LogFileName=nunit.trx' --results-directory $results @rest
    $rc = $LASTEXITCODE
    $trx = Get-ChildItem -Recurse -Filter *.trx $results | Select-Object -First 1
    $text = if ($trx) { Get-Content -Raw $trx.FullName } else { '' }
    $passed = ([regex]::Matches($text, 'outcome="Passed"')).Count
    $failed = ([regex]::Matches($text, 'outcome="Failed"')).Count
    if ($rc -ne 0 -and $failed -eq 0) { $failed = 1 }
    Write-Output "Tests: $passed passed, $failed failed"
    exit $(if ($failed -eq 0) { 0 } else { 1 })
}

$out = Join-Path $root '.build/cli'
dotnet build (Join-Path $root 'src/Conformance.Cli/Conformance.Cli.csproj') -c Release -o $out --nologo -v quiet -clp:ErrorsOnly
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet (Join-Path $out 'conformance.dll') @args
exit $LASTEXITCODE
