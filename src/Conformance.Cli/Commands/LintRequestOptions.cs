using System.CommandLine;
using Conformance.Lint;
using Conformance.Lint.Dialects;

namespace Conformance.Cli.Commands;

/// <summary>
/// The request options lint and record share (--url, --api, --model, --header, --key-env, --request, --timeout,
/// --name, and lint's --repeat), defined once, and read into <see cref="LintOptions"/>.
/// </summary>
internal sealed class LintRequestOptions
{
    private readonly Option<string?> _url = SharedOptions.Text("--url", "BASE",
        "the server's base URL (https://api.example.com/v1) or the full endpoint URL; required");
    private readonly Option<string?> _api = SharedOptions.Text("--api", "API", $"the API the server speaks: {LintDialects.Names}; required");
    private readonly Option<string?> _model = SharedOptions.Text("--model", "M", "the request's \"model\" (required unless --request gives one)");
    private readonly Option<string[]> _header = SharedOptions.Repeatable("--header", "K:V", "an extra request header (repeatable; overrides a default)");
    private readonly Option<string?> _keyEnv = SharedOptions.Text("--key-env", "VAR",
        "read the API key from environment variable VAR (sent as Authorization: Bearer, or x-api-key for anthropic-messages); never printed, never written to a report");
    private readonly Option<string?> _request = SharedOptions.Text("--request", "FILE",
        "the JSON request body to send instead of the default short prompt (must set \"stream\": true)");
    private readonly Option<double?> _timeout = SharedOptions.Number("--timeout", "S", "give up on a response after S seconds (default: 60)");
    private readonly Option<string?> _name = SharedOptions.Text("--name", "LABEL", "the server's label in reports (default: the URL's host:port)");
    private readonly Option<int?>? _repeat;

    /// <param name="repeat">Whether the command takes --repeat (lint does, record records one response).</param>
    public LintRequestOptions(bool repeat)
    {
        _api.CompletionSources.Add([.. LintDialects.All.Select(d => d.Name)]);
        if (repeat) _repeat = SharedOptions.Int("--repeat", "N", "send the request N times, one after the other (each is a case)", min: 1, () => 1);
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option?[] { _url, _api, _model, _header, _keyEnv, _request, _timeout, _name, _repeat })
            if (o is not null) command.Options.Add(o);
    }

    /// <summary>Reads the options; <paramref name="environment"/> resolves --key-env (tests pass their own).</summary>
    public LintOptions Read(ParseResult parse, Func<string, string?> environment)
    {
        var url = parse.GetValue(_url) ?? throw new UsageException("--url is required");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new UsageException($"--url is not an absolute URL: '{url}'");
        var apiName = parse.GetValue(_api) ?? throw new UsageException($"--api is required ({LintDialects.Names})");
        var dialect = LintDialects.Find(apiName) ?? throw new UsageException($"--api: unknown API '{apiName}'; expected one of {LintDialects.Names}");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var h in parse.GetValue(_header) ?? [])
        {
            var colon = h.IndexOf(':');
            if (colon <= 0) throw new UsageException($"--header expects K:V, got '{h}'");
            headers.Add(new(h[..colon].Trim(), h[(colon + 1)..].Trim()));
        }
        var keyEnv = parse.GetValue(_keyEnv);
        string? key = null;
        if (keyEnv is not null)
        {
            key = environment(keyEnv);
            if (string.IsNullOrEmpty(key)) throw new UsageException($"--key-env {keyEnv}: the environment variable is not set or empty");
        }
        var requestFile = parse.GetValue(_request);
        string? body = null;
        if (requestFile is not null)
        {
            if (!File.Exists(requestFile)) throw new UsageException($"--request: no file at {requestFile}");
            body = File.ReadAllText(requestFile);
        }
        var options = new LintOptions
        {
            Url = uri,
            Dialect = dialect,
            Model = parse.GetValue(_model),
            Headers = headers,
            KeyEnv = keyEnv,
            Key = key,
            RequestBody = body,
            Repeat = _repeat is null ? 1 : parse.GetValue(_repeat)!.Value,
            Timeout = TimeSpan.FromSeconds(parse.GetValue(_timeout) ?? 60),
            Name = parse.GetValue(_name),
        };
        var errors = options.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        return options;
    }
}
