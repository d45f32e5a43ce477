using Conformance.Lint;
using Conformance.Lint.Dialects;

namespace Conformance.Cli.Commands;

/// <summary>
/// The request options lint and record share (--url, --api, --model, --header, --key-env, --request, --repeat,
/// --timeout, --name), read in one place so a later switch of option parser touches one file.
/// </summary>
internal static class LintOptionsReader
{
    public const string Usage = """
          --url BASE            the server's base URL (https://api.example.com/v1) or the full endpoint URL
          --api NAME            openai-chat | openai-completions | anthropic-messages
          --model M             the request's "model" (required unless --request gives one)
          --header K:V          an extra request header (repeatable; overrides a default)
          --key-env VAR         read the API key from environment variable VAR (sent as Authorization: Bearer, or
                                x-api-key for anthropic-messages); never printed, never written to a report
          --request FILE        the JSON request body to send instead of the default short prompt (must set "stream": true)
          --timeout S           give up on a response after S seconds (default 60)
          --name LABEL          the server's label in reports (default: the URL's host:port)
        """;

    /// <summary>Reads the shared options; <paramref name="environment"/> resolves --key-env (tests pass their own).</summary>
    public static LintOptions Read(ArgReader args, Func<string, string?> environment, bool allowRepeat)
    {
        var url = args.Value("url") ?? throw new UsageException("--url is required");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new UsageException($"--url is not an absolute URL: '{url}'");
        var apiName = args.Value("api") ?? throw new UsageException($"--api is required ({LintDialects.Names})");
        var dialect = LintDialects.Find(apiName) ?? throw new UsageException($"--api: unknown API '{apiName}'; expected one of {LintDialects.Names}");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var h in args.Values("header"))
        {
            var colon = h.IndexOf(':');
            if (colon <= 0) throw new UsageException($"--header expects K:V, got '{h}'");
            headers.Add(new(h[..colon].Trim(), h[(colon + 1)..].Trim()));
        }
        var keyEnv = args.Value("key-env");
        string? key = null;
        if (keyEnv is not null)
        {
            key = environment(keyEnv);
            if (string.IsNullOrEmpty(key)) throw new UsageException($"--key-env {keyEnv}: the environment variable is not set or empty");
        }
        var requestFile = args.Value("request");
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
            Model = args.Value("model"),
            Headers = headers,
            KeyEnv = keyEnv,
            Key = key,
            RequestBody = body,
            Repeat = allowRepeat ? args.Int("repeat", min: 1) ?? 1 : 1,
            Timeout = TimeSpan.FromSeconds(args.Double("timeout") ?? 60),
            Name = args.Value("name"),
        };
        var errors = options.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        return options;
    }
}
