using System.Diagnostics;

namespace Conformance.Runner.Clients;

/// <summary>
/// A preparation step a client needs before it can run (<c>npm ci</c>, <c>dotnet build</c> of an adapter):
/// run to its end with its output captured, killed with its tree when the run is cancelled.
/// </summary>
public static class SetupCommand
{
    public sealed record Result(int ExitCode, string Output, string CommandLine)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string file, IReadOnlyList<string> args, string workingDirectory, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var commandLine = $"(cd {workingDirectory} && {file} {string.Join(' ', args)})";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {commandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false), commandLine);
    }
}
