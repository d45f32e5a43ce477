namespace Conformance.Cli;

/// <summary>
/// A small, strict option reader: <c>--name value</c>, <c>--name=value</c>, repeatable options and flags.
/// Every option a command does not read is an error (a typo must not silently change a run).
/// </summary>
public sealed class ArgReader
{
    private readonly List<(string Name, string? Value)> _options = [];
    private readonly List<string> _positionals = [];
    private readonly HashSet<string> _consumed = [];

    public static ArgReader Parse(IReadOnlyList<string> args)
    {
        var r = new ArgReader();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = a.IndexOf('=');
                if (eq > 0) { r._options.Add((a[2..eq], a[(eq + 1)..])); continue; }
                var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                r._options.Add((a[2..], value));
            }
            else r._positionals.Add(a);
        }
        return r;
    }

    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>The named options in command-line order (for options that pair up, like --client A --name X).</summary>
    public IReadOnlyList<(string Name, string? Value)> InOrder(params string[] names)
    {
        foreach (var n in names) _consumed.Add(n);
        return [.. _options.Where(o => names.Contains(o.Name))];
    }

    public bool Flag(string name)
    {
        _consumed.Add(name);
        return _options.Any(o => o.Name == name);
    }

    public string? Value(string name)
    {
        _consumed.Add(name);
        var found = _options.LastOrDefault(o => o.Name == name);
        if (found.Name is not null && found.Value is null) throw new UsageException($"--{name} needs a value");
        return found.Value;
    }

    public IReadOnlyList<string> Values(string name)
    {
        _consumed.Add(name);
        return [.. _options.Where(o => o.Name == name).Select(o => o.Value ?? throw new UsageException($"--{name} needs a value"))];
    }

    public int? Int(string name, int min = int.MinValue)
    {
        var v = Value(name);
        if (v is null) return null;
        if (!int.TryParse(v, out var n) || n < min) throw new UsageException($"--{name} expects an integer ≥ {min}, got '{v}'");
        return n;
    }

    public double? Double(string name)
    {
        var v = Value(name);
        if (v is null) return null;
        if (!double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var n)) throw new UsageException($"--{name} expects a number, got '{v}'");
        return n;
    }

    /// <summary>Call after reading every option: anything left over is a typo.</summary>
    public void RejectUnknown(int maxPositionals = 0)
    {
        var unknown = _options.Select(o => o.Name).Where(n => !_consumed.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0) throw new UsageException("unknown option " + string.Join(", ", unknown.Select(u => "--" + u)));
        if (_positionals.Count > maxPositionals) throw new UsageException("unexpected argument " + string.Join(" ", _positionals.Skip(maxPositionals)));
    }
}
