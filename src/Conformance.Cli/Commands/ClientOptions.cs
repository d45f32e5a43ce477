using System.CommandLine;
using System.CommandLine.Parsing;
using Conformance.Core.Dialects;

namespace Conformance.Cli.Commands;

/// <summary>
/// The options that name clients and describe each (run, explore): <c>--client</c> (and, for run, <c>--browser</c>),
/// then <c>--name</c>, <c>--apis</c>, <c>--features</c>, <c>--observes</c> for the client they follow. The pairing
/// is by order on the command line, so <see cref="InOrder"/> reads the tokens as given.
/// </summary>
internal sealed class ClientOptions
{
    private readonly Option<string[]> _client;
    private readonly Option<string[]>? _browser;
    private readonly Option<string[]> _name;
    private readonly Option<string[]> _apis;
    private readonly Option<string[]> _features;
    private readonly Option<string[]> _observes;

    /// <param name="client">What --client is for this command.</param>
    /// <param name="browser">What --browser is, or null when the command takes no browser clients.</param>
    /// <param name="features">The features worth naming in --features' description.</param>
    public ClientOptions(string client, string? browser, string features)
    {
        _client = SharedOptions.Repeatable("--client", "CMD", client);
        if (browser is not null)
        {
            _browser = SharedOptions.Repeatable("--browser", "TARGET", browser);
            _browser.CompletionSources.Add([.. Conformance.Browser.BrowserTargets.BuiltInNames]);
        }
        var of = browser is null ? "the client" : "the preceding --client or --browser";
        _name = SharedOptions.Repeatable("--name", "LABEL", $"label of {of} in the reports");
        _apis = SharedOptions.Repeatable("--apis", "LIST",
            $"APIs {of} speaks, comma-separated ({string.Join(",", DialectCatalog.Names)}); cases of other APIs are NOT RUN. Default: the adapter's hello, else all");
        _features = SharedOptions.Repeatable("--features", "LIST",
            $"what {of} can do: {features} (or none); cases needing another are NOT RUN. Default: the adapter's hello, else all but reconnect");
        _observes = SharedOptions.Repeatable("--observes", "LEVEL",
            $"what {of} reports: objects, text, message or events (docs/adapter-protocol.md)");
        _observes.CompletionSources.Add("objects", "text", "message", "events");
    }

    private IEnumerable<Option<string[]>> All => _browser is null
        ? [_client, _name, _apis, _features, _observes]
        : [_client, _browser, _name, _apis, _features, _observes];

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>How many --client options were given.</summary>
    public int ClientCount(ParseResult parse) => parse.GetValue(_client)?.Length ?? 0;

    /// <summary>
    /// The options of the group in command-line order, each with its value and its name without dashes
    /// (<c>("client", "node a.mjs"), ("name", "a")</c>), for <see cref="RunCommand.ClientsAsync"/> to pair up.
    /// </summary>
    public IReadOnlyList<(string Name, string? Value)> InOrder(ParseResult parse)
    {
        var names = All.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var tokens = parse.Tokens;
        var result = new List<(string, string?)>();
        // A parse without errors: each of these options is an option token followed by its one argument token
        // (--name=value is split into the two by the tokenizer).
        for (var i = 0; i < tokens.Count; i++)
            if (tokens[i].Type == TokenType.Option && names.Contains(tokens[i].Value))
                result.Add((tokens[i].Value[2..], i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument ? tokens[i + 1].Value : null));
        return result;
    }
}
