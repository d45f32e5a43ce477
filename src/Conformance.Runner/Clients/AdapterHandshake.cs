using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conformance.Core.Capabilities;

namespace Conformance.Runner.Clients;

/// <summary>What an adapter said of itself in its <c>hello</c> line (docs/adapter-protocol.md, "The hello handshake").</summary>
public sealed record AdapterHello(string? Name, string? Sdk, ClientCapabilities Capabilities, IReadOnlyList<string> Errors)
{
    /// <summary>The run modes the adapter offers beside the per-process one (<c>"modes":["service"]</c>); unknown names are kept, never an error.</summary>
    public IReadOnlyList<string> Modes { get; init; } = [];

    /// <summary>The mode the runner uses with this adapter: service mode when the adapter offers it, else one process per case.</summary>
    public AdapterMode Mode => Modes.Contains(AdapterModes.Service, StringComparer.Ordinal) ? AdapterMode.Service : AdapterMode.PerProcess;
}

/// <summary>
/// The hello handshake: the adapter is started once with <c>CONFORMANCE_HELLO=1</c> and no case; one that
/// knows the handshake prints a <c>hello</c> line and exits. One that does not gets the defaults, whatever
/// it prints or however it exits: the handshake is optional, so its absence is never a fault.
/// </summary>
public static class AdapterHandshake
{
    public const string EnvironmentVariable = "CONFORMANCE_HELLO";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<AdapterHello?> HelloAsync(string command, string? workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var psi = ProcessTree.AdapterStartInfo(command, workingDirectory);
        psi.StandardOutputEncoding = Encoding.UTF8;
        psi.Environment[EnvironmentVariable] = "1";
        using var process = new Process { StartInfo = psi };
        try { process.Start(); }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException) { return null; }
        process.StandardInput.Close();
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None); // drained, never read: a greeting is on stdout
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false) is { } line)
                if (Parse(line) is { } hello) return hello;
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return null; }
        finally
        {
            ProcessTree.KillGroup(process);
            if (!process.HasExited) await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A hello line, or null when <paramref name="line"/> is not one. Unknown names are kept as errors.</summary>
    public static AdapterHello? Parse(string line)
    {
        if (!line.TrimStart().StartsWith('{')) return null;
        JsonElement root;
        try { root = JsonDocument.Parse(line).RootElement; }
        catch (JsonException) { return null; }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "hello")
            return null;
        var errors = new List<string>();
        var apis = List(root, "apis", errors);
        var features = List(root, "features", errors);
        var observes = Str(root, "observes");
        var (capabilities, parseErrors) = ClientCapabilities.Parse(apis, features, observes, "hello");
        errors.AddRange(parseErrors.Select(e => "hello: " + e));
        // A mode this runner does not know is no error: an adapter may offer more than an older runner speaks.
        var modes = List(root, "modes", errors) ?? [];
        return new AdapterHello(Str(root, "name"), Str(root, "sdk"), capabilities, errors) { Modes = modes };
    }

    private static List<string>? List(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            errors.Add($"hello: '{name}' must be an array of strings");
            return null;
        }
        return [.. v.EnumerateArray().Select(x => x.GetString()!)];
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
