using Conformance.Core.Rules;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;

namespace Conformance.Cli.Running;

/// <summary>
/// Real SDKs behind process adapters (clients/sdks, see its README): the npm packages openai,
/// @anthropic-ai/sdk and eventsource-parser, and the NuGet packages OpenAI and Anthropic, each pinned.
/// Every adapter answers the hello handshake with its name, "package@version", apis, features and
/// observation level; the catalogue only says how to prepare and start them.
/// </summary>
public static class SdkClients
{
    /// <summary>One adapter: <paramref name="Name"/> is also its hello name; <paramref name="Project"/> is set for .NET adapters.</summary>
    public sealed record Entry(string Name, string Describes, string? NodeScript = null, string? Project = null, string? Args = null);

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("openai-node", "openai (npm) chat/completions streams, each chunk as the SDK yields it", NodeScript: "openai.mjs"),
        new("openai-node-text", "openai (npm) as most apps use it: text tokens only", NodeScript: "openai-text.mjs"),
        new("openai-node-responses", "openai (npm) responses.create({ stream: true }), each Responses event as the SDK yields it", NodeScript: "openai-responses.mjs"),
        new("anthropic-node", "@anthropic-ai/sdk (npm) messages.create stream, each event as the SDK yields it", NodeScript: "anthropic.mjs"),
        new("google-genai-node", "@google/genai (npm) models.generateContentStream, each GenerateContentResponse as the SDK yields it", NodeScript: "google-genai.mjs"),
        new("eventsource-parser", "fetch + eventsource-parser (npm) EventSourceParserStream, all three APIs", NodeScript: "eventsource-parser.mjs"),
        new("eventsource-parser-events", "eventsource-parser (npm) at its own level: every dispatched SSE event (type, data, id)", NodeScript: "eventsource-parser-events.mjs"),
        new("openai-dotnet", "OpenAI (NuGet) ChatClient.CompleteChatStreamingAsync, updates via ModelReaderWriter", Project: "OpenAiSdkAdapter"),
        new("openai-dotnet-responses", "OpenAI (NuGet) ResponsesClient.CreateResponseStreamingAsync, updates via ModelReaderWriter", Project: "OpenAiSdkAdapter", Args: "--responses"),
        new("system-net-serversentevents", "System.Net.ServerSentEvents (.NET 10 shared framework) SseParser at its own level: every SseItem (type, data, id)", Project: "ServerSentEventsAdapter"),
        new("anthropic-dotnet", "Anthropic (NuGet) Messages.CreateStreaming, events via the SDK's JSON", Project: "AnthropicSdkAdapter"),
    ];

    public static string NodeDirectory(string root) => Path.Combine(root, "clients", "sdks", "node");

    public static string OutputDirectory(string root, string project) => Path.Combine(root, ".build", "clients", "sdks", project);

    /// <summary>The command that runs an adapter (through /bin/sh -c, like every process client).</summary>
    public static string Command(string root, Entry e) => e.NodeScript is { } script
        ? $"node \"{Path.Combine(NodeDirectory(root), script)}\""
        : $"dotnet \"{Path.Combine(OutputDirectory(root, e.Project!), e.Project + ".dll")}\"{(e.Args is null ? "" : " " + e.Args)}";

    /// <summary>
    /// Prepares every SDK adapter and returns them as clients to run: <c>npm ci</c> in clients/sdks/node when
    /// its node_modules is missing (package-lock.json pins every version), and
    /// <c>dotnet build clients/sdks/dotnet/&lt;project&gt; -c Release -o .build/clients/sdks/&lt;project&gt;</c> for
    /// each .NET adapter. A failing step is logged in full and raised as a <see cref="UsageException"/>.
    /// <see cref="ReferenceClients.Reference.Bug"/> carries the adapter's description (SDKs have no planted bug).
    /// </summary>
    public static async Task<IReadOnlyList<ReferenceClients.Reference>> PrepareAsync(string root, TextWriter log, CancellationToken ct)
    {
        var node = NodeDirectory(root);
        if (!Directory.Exists(Path.Combine(node, "node_modules")))
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], node, log, ct).ConfigureAwait(false);
        foreach (var e in All.Where(e => e.Project is not null).DistinctBy(e => e.Project))
        {
            var project = Path.Combine(root, "clients", "sdks", "dotnet", e.Project!, e.Project + ".csproj");
            await RunAsync("dotnet", ["build", project, "-c", "Release", "-o", OutputDirectory(root, e.Project!), "--nologo", "-v", "quiet"], root, log, ct)
                .ConfigureAwait(false);
        }
        return [.. All.Select(e => new ReferenceClients.Reference(e.Name, Command(root, e), e.Describes))];
    }

    /// <summary>
    /// The SDK adapters as <c>run --preset sdks</c> scores them (and SdkMatrixTests checks them): prepared,
    /// greeted (each one's hello capabilities and sdk), under <paramref name="profile"/>, run from the repository root.
    /// </summary>
    public static async Task<IReadOnlyList<ClientUnderTest>> ClientsAsync(string root, Profile profile, TextWriter log, CancellationToken ct)
    {
        var sdks = await PrepareAsync(root, log, ct).ConfigureAwait(false);
        return await Task.WhenAll(sdks.Select(s => ReferenceClients.ClientAsync(s, root, profile, ct))).ConfigureAwait(false);
    }

    private static async Task RunAsync(string file, string[] args, string workingDirectory, TextWriter log, CancellationToken ct)
    {
        var result = await SetupCommand.RunAsync(file, args, workingDirectory, ct).ConfigureAwait(false);
        if (result.Ok) return;
        await log.WriteLineAsync(result.Output).ConfigureAwait(false);
        throw new UsageException($"{result.CommandLine} failed (exit {result.ExitCode})");
    }
}
