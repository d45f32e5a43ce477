// How promptly a browser client's cancel closes its connection, as the server's journal sees it: the cancellation
// scenarios through fetch-careful in headless Chromium, `--repeat N` times (default 10), `--parallel P` at once
// (default 2). Prints each case's verdict on client.cancel.closes-connection with its reason, and the spread of the
// lag from the Nth chunk's write to the close.
//
//   dotnet run -c Release --project bench/Conformance.Bench -- browser-cancel [--repeat 10] [--parallel 2] [--target fetch-careful] [--scenarios DIR]
using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Browser;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Running;

namespace Conformance.Bench;

public static partial class BrowserCancelBench
{
    public static async Task RunAsync(string root, string[] args, CancellationToken ct)
    {
        int repeat = 10, parallel = 2;
        var target = "fetch-careful";
        var scenarios = Path.Combine(root, "scenarios");
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--repeat") repeat = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--parallel") parallel = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--target") target = args[i + 1];
            if (args[i] == "--scenarios") scenarios = args[i + 1];
        }
        var catalog = ScenarioCatalog.LoadDirectory(scenarios).Catalog;
        var (rules, _) = RuleCatalog.LoadFile(Path.Combine(root, "rules", "rules.json"));
        var runner = new ConformanceRunner(catalog, rules.All);
        await using var session = await BrowserSession.StartAsync(new BrowserOptions(), ct);
        var driver = await session.CreateDriverAsync(target, ct);
        var clients = Enumerable.Range(0, repeat)
            .Select(i => new ClientUnderTest(driver, Profiles.Default, driver.ClientInfo(Profiles.Default.Name) with { Name = $"{target}#{i}" })).ToList();
        var run = await runner.RunAsync(clients, new RunOptions { Parallel = parallel, Filter = "cancellation.*" }, null, ct);
        var lags = new List<double>();
        foreach (var c in run.Cases.OrderBy(c => c.ScenarioId, StringComparer.Ordinal).ThenBy(c => c.Client, StringComparer.Ordinal))
        {
            var v = c.Verdicts.FirstOrDefault(v => v.RuleId == "client.cancel.closes-connection");
            if (v is null) continue;
            if (Lag().Match(v.Reason ?? "") is { Success: true } m) lags.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            Console.WriteLine($"{c.ScenarioId,-48} {c.Client,-18} {v.Verdict,-10} {c.DurationMs,6:0} ms  {v.Reason}");
        }
        lags.Sort();
        if (lags.Count > 0)
            Console.WriteLine($"lag chunk→close: min {lags[0]:0} ms, median {lags[lags.Count / 2]:0} ms, max {lags[^1]:0} ms over {lags.Count} cases");
    }

    [GeneratedRegex(@"closed the connection (\d+) ms after")]
    private static partial Regex Lag();
}
