using Conformance.Core.Capabilities;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;

namespace Conformance.Cli.Running;

/// <summary>
/// The bundled reference clients `./run.sh` scores with no arguments: careful node and .NET clients
/// that should pass, and the seeds' naive parsers that must fail exactly the rules their bug breaks.
/// </summary>
public static class ReferenceClients
{
    /// <summary>A bundled client; <paramref name="Scope"/> (a scenario glob) limits a one-bug client to the family that shows its bug.</summary>
    public sealed record Reference(string Name, string Command, string Bug, string? Scope = null);

    public static IReadOnlyList<Reference> Node(string clientsDir) =>
    [
        new("node-careful", Node(clientsDir, "node-careful"), "none: a careful fetch client"),
        new("node-naive-split", Node(clientsDir, "node-naive-split"), "002: splits each network read on \\n with no buffering"),
        new("node-json-before-done", Node(clientsDir, "node-json-before-done"), "003: JSON.parse before checking for [DONE]"),
        new("node-no-stream-decode", Node(clientsDir, "node-no-stream-decode"), "000: TextDecoder without { stream: true }"),
        new("node-cancel-leak", Node(clientsDir, "node-cancel-leak"), "001: a cancel that stops reading without releasing the reader", "cancellation.*"),
        new("node-crlf-split", Node(clientsDir, "node-crlf-split"), "WHATWG: a CR ending one read and the LF starting the next counted as two line ends", "framing.*"),
        new("node-fatal-decode", Node(clientsDir, "node-fatal-decode"), "WHATWG: a strict UTF-8 decoder that throws on invalid bytes instead of replacing them", "encoding.*"),
        new("node-tool-args-with-name", Node(clientsDir, "node-tool-args-with-name"), "req_llm#801: tool-call arguments that arrive with the call's name are dropped", "llm-openai.*"),
        new("node-no-total-budget", Node(clientsDir, "node-no-total-budget"), "001: an idle timeout only, no total budget: endless heartbeats hold it", "limits.*"),
        new("node-retry-after-seconds-only", Node(clientsDir, "node-retry-after-seconds-only"), "Retry-After read as delta-seconds only: an HTTP-date is NaN and the retry goes at once", "retries.*"),
        new("node-rescan-buffer", Node(clientsDir, "node-rescan-buffer"), "eventsource 2.0.2: each line searched for from the start of the read, so an earlier CR swallows an LF blank line", "framing.*"),
        new("node-crlf-first", Node(clientsDir, "node-crlf-first"), "001: \\r\\n\\r\\n searched for before \\n\\n instead of whichever appears first in the buffer", "framing.*"),
        new("node-unicode-lines", Node(clientsDir, "node-unicode-lines"), "str.splitlines(): U+2028, U+2029 and U+0085 taken as line ends", "encoding.*"),
        new("node-dispatch-empty", Node(clientsDir, "node-dispatch-empty"), "openai-python: a block with id:, retry: or event: and no data dispatched, then parsed as JSON", "fields.*"),
        new("node-responses-eof-ok", Node(clientsDir, "node-responses-eof-ok"), "Responses: a body that ends before its terminal event taken for a complete answer", "llm-responses.*"),
        // Reconnection (feature 'reconnect', the events level): the careful client as an EventSource-like client, and one bug each.
        new("node-careful-reconnect", Node(clientsDir, "node-careful", "events-reconnect.mjs"), "none: the careful events-level client, reconnecting as EventSource does", "reconnect.*"),
        new("node-reconnect-no-last-event-id", Node(clientsDir, "node-reconnect-no-last-event-id"), "WHATWG: reconnects without Last-Event-ID", "reconnect.*"),
        new("node-reconnect-ignores-retry", Node(clientsDir, "node-reconnect-ignores-retry"), "WHATWG: ignores retry: and reconnects after a fixed 50 ms", "reconnect.*"),
        new("node-reconnect-one-parser", Node(clientsDir, "node-reconnect-one-parser"), "WHATWG: one parser for every connection, so an event cut by a FIN is completed by the next connection", "reconnect.*"),
    ];

    /// <summary>Builds clients/dotnet-careful once (Release, into .build/) and returns its command.</summary>
    public static async Task<Reference> DotnetAsync(string root, TextWriter log, CancellationToken ct)
    {
        var output = Path.Combine(root, ".build", "clients", "dotnet-careful");
        var project = Path.Combine(root, "clients", "dotnet-careful", "DotnetCareful.csproj");
        var result = await SetupCommand.RunAsync("dotnet", ["build", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet"], root, ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            await log.WriteLineAsync(result.Output).ConfigureAwait(false);
            throw new UsageException($"building {project} failed (exit {result.ExitCode})");
        }
        return new Reference("dotnet-careful", $"dotnet \"{Path.Combine(output, "DotnetCareful.dll")}\"", "none: a careful HttpClient client");
    }

    private static string Node(string clientsDir, string name, string script = "client.mjs") => $"node \"{Path.Combine(clientsDir, name, script)}\"";

    /// <summary>
    /// The reference client as the runner scores it: its hello's capabilities, its scope, the given profile.
    /// A hello that names an unknown API, feature or level is a <see cref="UsageException"/> (a bundled client's bug).
    /// </summary>
    public static async Task<ClientUnderTest> ClientAsync(Reference r, string root, Profile profile, CancellationToken ct)
    {
        var hello = await AdapterHandshake.HelloAsync(r.Command, root, AdapterHandshake.DefaultTimeout, ct).ConfigureAwait(false);
        if (hello is { Errors.Count: > 0 }) throw new UsageException($"{r.Name}: {string.Join("; ", hello.Errors)}");
        var capabilities = hello?.Capabilities ?? ClientCapabilities.Everything;
        return new ClientUnderTest(new ProcessClientDriver(r.Name, r.Command, root, hello?.Mode ?? AdapterMode.PerProcess), profile, new ClientInfo(r.Name, "process", r.Command, profile.Name) { Capabilities = capabilities.ToString(), Sdk = hello?.Sdk })
        {
            Capabilities = capabilities,
            Scope = r.Scope,
        };
    }
}
