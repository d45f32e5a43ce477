using System.Diagnostics;

namespace Conformance.Browser;

/// <summary>
/// Builds <c>clients/browser/dist/openai.bundle.mjs</c> from the pinned npm packages when it is missing:
/// <c>npm ci</c> (only when node_modules lacks openai), then <c>npm run build</c> (esbuild, ESM, platform browser).
/// Nothing comes from a CDN.
/// </summary>
public static class OpenAiBundle
{
    public const string RelativePath = "dist/openai.bundle.mjs";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> EnsureBuiltAsync(string clientsDirectory, CancellationToken ct)
    {
        var bundle = Path.Combine(clientsDirectory, RelativePath);
        if (File.Exists(bundle)) return bundle;
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (File.Exists(bundle)) return bundle;
            if (!File.Exists(Path.Combine(clientsDirectory, "node_modules", "openai", "package.json")))
                await NpmAsync(clientsDirectory, ["ci", "--no-audit", "--no-fund"], ct).ConfigureAwait(false);
            await NpmAsync(clientsDirectory, ["run", "build"], ct).ConfigureAwait(false);
            return File.Exists(bundle) ? bundle : throw new InvalidOperationException($"npm run build did not produce {bundle}");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task NpmAsync(string dir, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("npm") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var command = $"(cd {dir} && npm {string.Join(' ', args)})";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} failed with exit code {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
    }
}
