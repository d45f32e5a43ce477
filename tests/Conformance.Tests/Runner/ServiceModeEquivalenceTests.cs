using Conformance.Cli.Running;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;
using Conformance.Tests.Support;

namespace Conformance.Tests.Runner;

/// <summary>
/// Service mode changes how a client is started, never what it is judged to be: dotnet-careful scored in both modes
/// gets the same verdict on every case × rule of the families that exercise a client's lifetime (cancel, timeouts,
/// retries, termination, errors, reconnection, limits); the whole catalogue is proven by ReferenceClientsRegression,
/// which scores dotnet-careful in service mode against the snapshot taken per process. And the leak rule still tells a cancel that
/// closes the connection from one that leaves it open (client.cancel.closes-connection), in service mode too.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ServiceModeEquivalenceTests
{
    private const string LifetimeFamilies = "cancellation.*,timeouts.*,retries.*,termination.*,errors.*,reconnect.*,limits.*";

    [Test]
    public async Task DotnetCareful_ServiceMode_VerdictsEqualPerProcessMode_CaseByCase()
    {
        var scenarios = ScenarioCatalog.LoadDirectory(Repo.Scenarios);
        var (rules, _) = RuleCatalog.LoadFile(Repo.Rules);
        var reference = await ReferenceClients.DotnetAsync(Repo.Root, TestContext.Out, CancellationToken.None);
        var declared = await ReferenceClients.ClientAsync(reference, Repo.Root, Profiles.Default, CancellationToken.None);
        var hello = await AdapterHandshake.HelloAsync(reference.Command, Repo.Root, AdapterHandshake.DefaultTimeout, CancellationToken.None);
        Assert.That(hello?.Mode, Is.EqualTo(AdapterMode.Service), "dotnet-careful offers service mode in its hello");

        await using var perProcess = new ProcessClientDriver("dotnet-careful", reference.Command, Repo.Root, AdapterMode.PerProcess);
        await using var service = new ProcessClientDriver("dotnet-careful", reference.Command, Repo.Root, AdapterMode.Service);
        var runner = new ConformanceRunner(scenarios.Catalog, rules.All);
        var options = new RunOptions { Parallel = Environment.ProcessorCount, Filter = LifetimeFamilies };
        var a = await runner.RunAsync([declared with { Driver = perProcess }], options, null, CancellationToken.None);
        var b = await runner.RunAsync([declared with { Driver = service }], options, null, CancellationToken.None);
        TestContext.Out.WriteLine($"{a.Cases.Count} cases: per-process {a.DurationMs / 1000:0.0} s, service {b.DurationMs / 1000:0.0} s ({service.ServicesStarted} service processes)");

        static Dictionary<string, string> Verdicts(RunResult run) => run.Cases.ToDictionary(c => c.ScenarioId,
            c => string.Join(", ", c.Verdicts.OrderBy(v => v.RuleId, StringComparer.Ordinal).Select(v => $"{v.RuleId}={v.Verdict}")));
        var (va, vb) = (Verdicts(a), Verdicts(b));
        Assert.That(vb.Keys, Is.EquivalentTo(va.Keys));
        var differences = va.Where(kv => vb[kv.Key] != kv.Value).Select(kv => $"{kv.Key}: per-process {kv.Value} | service {vb[kv.Key]}").ToList();
        Assert.That(differences, Is.Empty, "verdicts that differ between the modes");
        Assert.That(service.ServicesStarted, Is.LessThanOrEqualTo(options.Parallel + b.Cases.Count(c => c.TimedOut || c.Faults.Count > 0)),
            "one service per slot, plus one per case that killed its service");
    }

    /// <summary>
    /// A node service adapter for cancellation.mid-stream.closes-connection: after CONFORMANCE_CANCEL_AFTER chunks it
    /// reports `cancelled`, lingers, then says case-end. How it cancels is its argument: `abort` destroys the response
    /// (the careful way); `leak-pooled` only stops reading, on an agent shared by every case (the connection stays open
    /// in the live service); `leak-per-case` only stops reading, and destroys the case's own agent at case-end (the
    /// service-mode twin of node-cancel-leak, whose connection closes at its process exit).
    /// </summary>
    private const string CancellingService = """
        import http from "node:http";
        import readline from "node:readline";
        const how = process.argv[2];
        const pooled = new http.Agent({ keepAlive: true });
        const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        async function runCase(env) {
          const agent = how === "leak-pooled" ? pooled : new http.Agent({ keepAlive: true });
          const cancelAfter = Number(env.CONFORMANCE_CANCEL_AFTER);
          await new Promise((resolve) => {
            const req = http.request(env.CONFORMANCE_BASE_URL + "/chat/completions", { method: "POST", agent,
              headers: { "content-type": "application/json", authorization: "Bearer " + env.CONFORMANCE_API_KEY } }, (res) => {
              let buf = "", n = 0, done = false;
              res.setEncoding("utf8");
              res.on("data", (s) => {
                if (done) return;
                buf += s;
                let i;
                while (!done && (i = buf.indexOf("\n\n")) >= 0) {
                  const ev = buf.slice(0, i); buf = buf.slice(i + 2);
                  const data = ev.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
                  if (!data || data === "[DONE]") continue;
                  out({ type: "chunk", data: JSON.parse(data) });
                  if (++n >= cancelAfter) {
                    done = true;
                    out({ type: "end", reason: "cancelled" });
                    if (how === "abort") res.destroy(); else res.pause();
                    resolve();
                  }
                }
              });
              res.on("end", () => { if (!done) { out({ type: "end", reason: "done" }); resolve(); } });
            });
            req.on("error", (e) => { out({ type: "error", kind: "network", message: String(e) }); resolve(); });
            req.end(env.CONFORMANCE_REQUEST);
          });
          await sleep(Number(env.CONFORMANCE_LINGER_MS || 0));
          if (agent !== pooled) agent.destroy(); // the case's own connections end with the case
        }
        const rl = readline.createInterface({ input: process.stdin });
        for await (const line of rl) {
          const request = JSON.parse(line);
          await runCase(request.env);
          out({ type: "case-end", id: request.id });
        }
        """;

    [TestCase("abort", Verdict.Pass)]
    [TestCase("leak-pooled", Verdict.Fail)]
    [TestCase("leak-per-case", Verdict.Fail)]
    public async Task CancelClosesConnection_InServiceMode_PassesAClose_FailsALeak(string how, Verdict expected)
    {
        var scenarios = ScenarioCatalog.LoadDirectory(Repo.Scenarios);
        var (rules, _) = RuleCatalog.LoadFile(Repo.Rules);
        var path = Path.Combine(Path.GetTempPath(), $"conformance-service-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(path, CancellingService);
        try
        {
            await using var driver = new ProcessClientDriver("svc", $"node \"{path}\" {how}", Repo.Root, AdapterMode.Service);
            var client = new ClientUnderTest(driver, Profiles.Default, new ClientInfo("svc", "process", "svc", Profiles.Default.Name));
            var run = await new ConformanceRunner(scenarios.Catalog, rules.All)
                .RunAsync([client], new RunOptions { Filter = "cancellation.mid-stream.closes-connection" }, null, CancellationToken.None);

            var verdict = run.Cases.Single().Verdicts.Single(v => v.RuleId == "client.cancel.closes-connection");
            TestContext.Out.WriteLine($"{how}: {verdict.Verdict}: {verdict.Reason}");
            Assert.That(verdict.Verdict, Is.EqualTo(expected), verdict.Reason);
            if (how == "leak-per-case") Assert.That(verdict.Reason, Does.Contain("closed only when the client exited"));
        }
        finally { File.Delete(path); }
    }
}
