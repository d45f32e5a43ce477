namespace Conformance.Browser;

/// <summary>
/// The page every case runs in (docs/browser-contract.md). It imports the target module, builds
/// <c>ctx</c> and awaits <c>run(ctx)</c>. <c>emit</c> forwards each observation as a JSON string to the
/// exposed binding (EvaluateAsync&lt;JsonElement&gt; would add $id fields; strings stay exact) and shows it
/// on the page, so a screenshot of a failing case reads like its observation log.
/// </summary>
internal static class HarnessPage
{
    public const string Path = "harness.html";
    public const string EmitBinding = "__conformanceEmit";

    /// <summary>Called with one JSON argument: { moduleUrl, ctx }. Resolves to a JSON string { ok, phase?, error? }.</summary>
    public const string RunExpression = "args => window.__conformanceRun(args)";

    public const string AbortExpression = "() => window.__conformanceAbort && window.__conformanceAbort()";

    public const string Html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>conformance</title><link rel="icon" href="data:,">
        <style>body{font:12px/1.4 monospace;margin:8px}h1{font-size:14px;margin:0 0 6px}pre{white-space:pre-wrap;word-break:break-all;margin:0}</style>
        </head><body><h1 id="title">conformance harness</h1><pre id="log"></pre>
        <script>
        window.__conformanceRun = async (argsJson) => {
          const args = JSON.parse(argsJson);
          const log = document.getElementById("log");
          document.getElementById("title").textContent = args.ctx.caseId + " \u2014 " + args.moduleUrl;
          const show = (s) => { log.textContent += (s.length > 400 ? s.slice(0, 400) + "\u2026" : s) + "\n"; };
          const controller = new AbortController();
          window.__conformanceAbort = () => controller.abort(new DOMException("the harness gave up on this case", "AbortError"));
          const pending = [];
          const emit = (observation) => {
            let line;
            try { line = JSON.stringify(observation); } catch (e) { line = "not serialisable: " + e; }
            show(line);
            // Stamped here, on the page's clock (wall-clock ms): the binding's trip to the harness can take hundreds of ms under load.
            pending.push(window.__conformanceEmit(line, performance.timeOrigin + performance.now()));
          };
          const ctx = Object.freeze({ ...args.ctx, signal: controller.signal, emit });
          const fail = async (phase, e) => {
            await Promise.allSettled(pending);
            const error = (e && e.stack) ? String(e.stack) : String(e);
            show("[" + phase + "] " + error);
            return JSON.stringify({ ok: false, phase, error: (e && e.message !== undefined) ? String(e.message) : String(e), stack: error });
          };
          let mod;
          try { mod = await import(args.moduleUrl); } catch (e) { return fail("import", e); }
          if (typeof mod.default !== "function") return fail("import", new TypeError("the module has no default export function run(ctx)"));
          try { await mod.default(ctx); } catch (e) { return fail("run", e); }
          await Promise.allSettled(pending);
          return JSON.stringify({ ok: true });
        };
        </script></body></html>
        """;
}
