using System.CommandLine;
using System.Text.RegularExpressions;
using Conformance.Lint;
using Conformance.Lint.Recording;
using Conformance.Lint.Wire;

namespace Conformance.Cli.Commands;

/// <summary>
/// `record`: sends one streaming request and stores what the server sent, byte for byte with its write timing, as
/// a scenario that serve and run replay; `--mutate` writes adversarial variants of it beside it.
/// </summary>
public sealed partial class RecordCommand(Func<string, string?>? environment = null) : ICommand
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public string Name => "record";
    public string Summary => "store a live server's stream as a replayable scenario (and --mutate adversarial variants of it)";

    private const string Epilogue = """
        Replay: ./run.sh serve --scenarios <the folder above the family folder>, or run --scenarios … --filter '<id>*'.
        exit: 0 recorded, 3 usage error or the server could not be reached
        """;

    public CommandDefinition Define()
    {
        var output = SharedOptions.Out("FILE",
            "where the scenario goes, scenarios/<family>/<id>.json: its name is the scenario id, whose first segment is the folder (scenarios/recorded/recorded.my-server.json); required");
        var mutate = SharedOptions.Repeatable("--mutate", "LIST",
            $"also write variants, comma-separated or repeated: {string.Join(", ", Mutations.Names)}; each goes beside the recording as <id>.<mutation>.json");
        mutate.CompletionSources.Add([.. Mutations.Names]);
        var request = new LintRequestOptions(repeat: false);
        var command = new Command(Name, Summary) { output, mutate };
        request.AddTo(command);
        return new CommandDefinition(command, (parse, console, ct) =>
        {
            var options = request.Read(parse, _environment);
            var file = parse.GetValue(output) ?? throw new UsageException("--out FILE is required (scenarios/<family>/<id>.json)");
            var mutations = (parse.GetValue(mutate) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            return RunAsync(options, file, mutations, console, ct);
        }) { Epilogue = Epilogue };
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")]
    private static partial Regex IdPattern();

    private static async Task<int> RunAsync(LintOptions options, string output, IReadOnlyList<string> mutations, Console2 console, CancellationToken ct)
    {
        var errors = mutations.Select(Mutations.Validate).OfType<string>().ToList();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        var (id, folder) = IdOf(output);

        var request = options.ToRequest();
        console.Out.WriteLine($"record: POST {request.Url} ({options.Dialect.Name}{(options.KeyEnv is null ? "" : $", key from ${options.KeyEnv}")})");
        var capture = await new LintClient().SendAsync(request, options.Timeout, ct).ConfigureAwait(false);
        if (capture.Status is null) throw new HarnessException($"no HTTP response from {request.Url}: {capture.Error ?? capture.Ended}");
        var recording = Recording.FromCapture(capture, id, options.Dialect.Api, DateTimeOffset.UtcNow);
        Directory.CreateDirectory(folder);
        Write(recording, Path.Combine(folder, id + ".json"), console);
        foreach (var m in mutations)
        {
            var result = Mutations.Apply(recording, m);
            if (result.Recording is { } variant) Write(variant, Path.Combine(folder, variant.Id + ".json"), console);
            else console.Out.WriteLine($"  {m}: not written: {result.NotApplicable}");
        }
        var root = Path.GetDirectoryName(Path.GetFullPath(folder));
        console.Out.WriteLine($"replay: ./run.sh serve --scenarios {root}   then POST …/s/{id}/{options.Dialect.Api.Endpoints[0].Base}/{options.Dialect.PathFor(id)}");
        return ExitCodes.Ok;
    }

    private static void Write(Recording r, string path, Console2 console)
    {
        var json = r.ToScenarioJson();
        // Never written unless it parses, validates and compiles to exactly the recorded writes.
        if (r.Verify(json, path) is { } problem) throw new InvalidOperationException($"{path}: the written scenario would not replay the recording: {problem}");
        File.WriteAllText(path, json);
        var writes = r.Cut();
        console.Out.WriteLine($"  wrote {path}: {writes.Count} writes, {writes.Sum(w => w.Bytes.Length)} body bytes, ends {Recording.EndName(r.End)}{(r.EndAfterBytes is { } n ? $" after {n} bytes" : "")}; rules {string.Join(", ", r.Rules)}");
    }

    /// <summary>The scenario id from --out: the file's name, whose first segment must be its folder (the scenario catalogue's rule).</summary>
    internal static (string Id, string Folder) IdOf(string output)
    {
        if (!output.EndsWith(".json", StringComparison.Ordinal)) throw new UsageException($"--out must name a .json file, got '{output}'");
        var full = Path.GetFullPath(output);
        var folder = Path.GetDirectoryName(full)!;
        var family = Path.GetFileName(folder);
        var id = Path.GetFileNameWithoutExtension(full);
        if (!IdPattern().IsMatch(id) || id.Split('.')[0] != family)
        {
            var stem = Regex.Replace(id.ToLowerInvariant(), "[^a-z0-9.-]+", "-").Trim('-', '.');
            var suggestion = Path.Combine(Path.GetDirectoryName(output) ?? ".", stem.StartsWith(family + ".", StringComparison.Ordinal) ? stem + ".json" : $"{family}.{stem}.json");
            throw new UsageException($"--out: '{id}' cannot be a scenario id in folder '{family}': the id is the file name, dotted, lower-case, and its first segment is the folder (try --out {suggestion})");
        }
        return (id, folder);
    }
}
