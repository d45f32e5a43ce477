using System.Diagnostics;
using System.Text.Json.Nodes;
using Conformance.Browser;
using Conformance.Core.Scenarios;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;
using Conformance.Tests.Support;

namespace Conformance.Tests.Server;

/// <summary>
/// The stock openai npm SDK (the pinned copy in clients/browser) against the real catalogue, the way a chat
/// UI meets <c>serve</c>: list the models, retrieve one, stream the one it picked, and read a 404 it understands.
/// </summary>
[TestFixture]
public sealed class StockSdkModelsTests
{
    private const string Script = """
        import { pathToFileURL } from "node:url";
        const { default: OpenAI } = await import(pathToFileURL(process.argv[2]).href);
        const client = new OpenAI({ baseURL: process.argv[3], apiKey: "sk-test", maxRetries: 0 });
        const out = {};
        const models = [];
        for await (const m of client.models.list()) models.push(m);
        out.ids = models.map((m) => m.id);
        out.description = models.find((m) => m.id === "encoding.utf8.two-byte-char-split")?.description;
        out.retrieved = (await client.models.retrieve("encoding.utf8.two-byte-char-split")).id;
        const stream = await client.chat.completions.create({ model: "encoding.utf8.two-byte-char-split", stream: true, messages: [] });
        out.text = "";
        for await (const chunk of stream) out.text += chunk.choices[0]?.delta?.content ?? "";
        try { await client.embeddings.create({ model: "x", input: "hi" }); } catch (e) { out.embeddings = { status: e.status, code: e.code }; }
        process.stdout.write(JSON.stringify(out), () => process.exit(0));
        """;

    [Test]
    public async Task OpenAiNpmSdk_ListsScenariosAsModels_StreamsTheChosenOne_AndGetsATyped404ForUnknownPaths()
    {
        var browserClients = Path.Combine(Repo.Clients, "browser");
        await OpenAiBundle.EnsureBuiltAsync(browserClients, CancellationToken.None); // npm ci when node_modules lacks openai
        var sdk = Path.Combine(browserClients, "node_modules", "openai", "index.mjs");
        var catalog = ScenarioCatalog.LoadDirectory(Repo.Scenarios).Catalog;
        await using var server = MockServer.Start(new MockServerOptions(), new CatalogScenarioSource(catalog));
        var script = Path.Combine(Path.GetTempPath(), $"conformance-models-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { script, sdk, new Uri(server.BaseUrl, "v1").ToString() }) psi.ArgumentList.Add(a);
            using var node = Process.Start(psi)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(node.ExitCode, Is.EqualTo(0), await stderr);
            var result = JsonNode.Parse(await stdout)!;

            var openAiIds = catalog.All.Where(s => s.Api.Provider == "openai").Select(s => s.Id);
            Assert.That(result["ids"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(openAiIds));
            Assert.That(result["description"]!.GetValue<string>(), Is.EqualTo(catalog.Find("encoding.utf8.two-byte-char-split")!.Title));
            Assert.That(result["retrieved"]!.GetValue<string>(), Is.EqualTo("encoding.utf8.two-byte-char-split"));
            Assert.That(result["text"]!.GetValue<string>(), Is.EqualTo("Grüße, café"));
            Assert.That(result["embeddings"]!["status"]!.GetValue<int>(), Is.EqualTo(404));
            Assert.That(result["embeddings"]!["code"]!.GetValue<string>(), Is.EqualTo("unknown_url"));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
