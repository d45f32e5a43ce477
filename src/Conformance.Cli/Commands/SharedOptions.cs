using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Conformance.Core.Rules;

namespace Conformance.Cli.Commands;

/// <summary>
/// The option kinds every command builds its options from, and the options several commands take (--filter,
/// --parallel, --timeout-ms, --profile, --scenarios, --rules, --out): each defined once, here.
/// </summary>
/// <remarks>
/// Value options keep the rules of the hand-written reader they replace: given twice, the last value counts (a script's
/// defaults can be overridden by the arguments it hands on); a bad number is a usage error that names the option and
/// the value. A new definition is made per parse (<see cref="ICommand.Define"/>), so no option has two parents.
/// </remarks>
internal static class SharedOptions
{
    /// <summary>A text value; given twice, the last one counts.</summary>
    public static Option<string?> Text(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = r => r.Tokens[^1].Value,
    };

    /// <summary>A text value that may be given several times, each kept, in order.</summary>
    public static Option<string[]> Repeatable(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>An integer ≥ <paramref name="min"/>; absent, <paramref name="defaultValue"/> (null: none).</summary>
    public static Option<int?> Int(string name, string helpName, string description, int min, Func<int>? defaultValue = null)
    {
        var option = new Option<int?>(name)
        {
            HelpName = helpName,
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = r =>
            {
                var v = r.Tokens[^1].Value;
                if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min) return n;
                r.AddError($"{name} expects an integer ≥ {min}, got '{v}'");
                return null;
            },
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue();
        return option;
    }

    /// <summary>A number (invariant culture: 0.9, never 0,9).</summary>
    public static Option<double?> Number(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = r =>
        {
            var v = r.Tokens[^1].Value;
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return n;
            r.AddError($"{name} expects a number, got '{v}'");
            return null;
        },
    };

    /// <summary>A switch: present or not.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string?> Filter(string what) =>
        Text("--filter", "GLOB", $"{what}, comma-separated globs, e.g. 'framing.*,encoding.*' (default: all)");

    /// <summary>--parallel N; read it with <see cref="ParallelOf"/> (no default in the definition: help would print this machine's core count).</summary>
    public static Option<int?> Parallel(string what, string defaultIs = "number of cores") => Int("--parallel", "N", $"{what} at once (default: {defaultIs})", min: 1);

    public static int ParallelOf(ParseResult parse, Option<int?> parallel, int? fallback = null) => parse.GetValue(parallel) ?? fallback ?? Environment.ProcessorCount;

    public static Option<int?> TimeoutMs(int defaultMs) =>
        Int("--timeout-ms", "N", "kill a client still running after N ms and score TIMEOUT", min: 100, () => defaultMs);

    /// <summary>--profile: a name from <see cref="Profiles"/>; an unknown one is a usage error listing them.</summary>
    public static Option<Profile?> Profile(string description)
    {
        var option = new Option<Profile?>("--profile")
        {
            HelpName = "P",
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = r =>
            {
                var name = r.Tokens[^1].Value;
                if (Profiles.Find(name) is { } p) return p;
                r.AddError($"unknown profile '{name}'; profiles: {string.Join(", ", Profiles.All.Select(p => p.Name))}");
                return null;
            },
        };
        option.CompletionSources.Add([.. Profiles.All.Select(p => p.Name)]);
        return option;
    }

    /// <summary>--scenarios DIR in place of the built-in catalogue (explore, list, serve).</summary>
    public static Option<string?> ScenariosDir(string description) => Text("--scenarios", "DIR", description);

    public static Option<string?> Rules() => Text("--rules", "FILE", "rule catalogue (default: rules/rules.json)");

    public static Option<string?> Out(string helpName, string description) => Text("--out", helpName, description);

    /// <summary>The text of an option as given, for messages (null when absent).</summary>
    public static string? Given(ParseResult parse, Option option) =>
        parse.GetResult(option) is { Implicit: false, Tokens.Count: > 0 } r ? r.Tokens[^1].Value : null;
}
