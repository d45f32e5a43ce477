using Conformance.Runner.Clients;
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
        var result = await SetupCommand.RunAsync("npm", args, dir, ct).ConfigureAwait(false);
        if (!result.Ok) throw new InvalidOperationException($"{result.CommandLine} failed with exit code {result.ExitCode}: {result.Output}");
    }
}
