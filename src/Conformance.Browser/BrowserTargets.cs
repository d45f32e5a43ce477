using Conformance.Core.Dialects;
using Conformance.Core.Capabilities;
using Conformance.Core.Scenarios;

namespace Conformance.Browser;

/// <summary>The built-in browser targets, and resolution of a <c>--browser</c> argument (a built-in name or a module path).</summary>
public static class BrowserTargets
{
    public const string EventSource = "eventsource";
    public const string FetchNaive = "fetch-naive";
    public const string FetchCareful = "fetch-careful";
    public const string OpenAiSdk = "openai-sdk";
    public const string EventSourceEvents = "eventsource-events";

    public static IReadOnlyList<string> BuiltInNames { get; } = [EventSource, FetchNaive, FetchCareful, OpenAiSdk, EventSourceEvents];

    /// <summary>The built-in targets, their modules found in <paramref name="clientsDirectory"/> (<c>clients/browser</c>).</summary>
    public static IReadOnlyList<BrowserTarget> BuiltIns(string clientsDirectory) => [.. BuiltInNames.Select(n => BuiltIn(n, clientsDirectory)!)];

    public static BrowserTarget? BuiltIn(string name, string clientsDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(clientsDirectory, name + ".mjs"));
        return name switch
        {
            // The browser's own EventSource is the reference implementation of the WHATWG algorithm.
            // It cannot see a status (every failure is one `error` event) and reconnects by its own policy,
            // not CONFORMANCE_MAX_RETRIES; the module closes it on an idle timer and on cancel.
            EventSource => new BrowserTarget
            {
                Name = name, ModulePath = path, IsBuiltIn = true, Profile = "whatwg", Method = "GET",
                Capabilities = ClientCapabilities.Everything with
                {
                    Features = new HashSet<string> { ClientFeatures.Cancel, ClientFeatures.IdleTimeout },
                    DeclaredBy = "built-in",
                },
            },
            // The same EventSource at the SSE-event level, the level a reconnecting client is scored at: every event as
            // dispatched (type, data, lastEventId), and in reconnection cases it reconnects by itself.
            EventSourceEvents => new BrowserTarget
            {
                Name = name, ModulePath = path, IsBuiltIn = true, Profile = "whatwg", Method = "GET",
                Capabilities = ClientCapabilities.Everything with
                {
                    Features = new HashSet<string> { ClientFeatures.Cancel, ClientFeatures.IdleTimeout, ClientFeatures.Reconnect },
                    Observes = ObservationLevel.Events,
                    DeclaredBy = "built-in",
                },
            },
            // Seed 002's loop, kept naive on purpose: it is expected to fail the split rules.
            FetchNaive => new BrowserTarget { Name = name, ModulePath = path, IsBuiltIn = true, Profile = "conduit" },
            FetchCareful => new BrowserTarget { Name = name, ModulePath = path, IsBuiltIn = true, Profile = "openai" },
            OpenAiSdk => new BrowserTarget
            {
                Name = name, ModulePath = path, IsBuiltIn = true, Profile = "openai", NeedsOpenAiBundle = true,
                Capabilities = ClientCapabilities.Everything with
                {
                    Apis = new HashSet<string> { DialectCatalog.OpenAiChat.Name, DialectCatalog.OpenAiCompletions.Name },
                    DeclaredBy = "built-in",
                },
            },
            _ => null,
        };
    }

    /// <summary>
    /// A built-in name or a path to an ES module (.mjs/.js). An unknown name is an
    /// <see cref="ArgumentException"/> that lists the built-ins.
    /// </summary>
    public static BrowserTarget Resolve(string nameOrPath, string clientsDirectory)
    {
        if (BuiltIn(nameOrPath, clientsDirectory) is { } builtIn) return builtIn;
        var looksLikePath = nameOrPath.Contains('/') || nameOrPath.Contains('\\') || nameOrPath.EndsWith(".mjs", StringComparison.Ordinal) || nameOrPath.EndsWith(".js", StringComparison.Ordinal);
        if (looksLikePath && File.Exists(nameOrPath))
        {
            var full = Path.GetFullPath(nameOrPath);
            return new BrowserTarget { Name = Path.GetFileNameWithoutExtension(full), ModulePath = full };
        }
        throw new ArgumentException(looksLikePath
            ? $"browser target module not found: {nameOrPath}"
            : $"unknown browser target '{nameOrPath}': expected one of {string.Join(", ", BuiltInNames)} or a path to an ES module", nameof(nameOrPath));
    }

    /// <summary><c>clients/browser</c> of the checkout that holds the working directory or this assembly.</summary>
    public static string DefaultClientsDirectory()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "clients", "browser");
                if (File.Exists(Path.Combine(candidate, FetchCareful + ".mjs"))) return candidate;
            }
        return Path.Combine(Environment.CurrentDirectory, "clients", "browser");
    }
}
