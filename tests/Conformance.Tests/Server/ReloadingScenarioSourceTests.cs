using Conformance.Server.Catalog;

namespace Conformance.Tests.Server;

/// <summary>`serve` picks up edited scenario files without a restart.</summary>
[TestFixture]
public sealed class ReloadingScenarioSourceTests
{
    private const string Template = """
        { "id": "framing.reload.demo", "title": "TITLE", "description": "d", "rules": ["sse.framing.lf"], "api": "openai-chat",
          "responses": [ { "stream": { "events": [ { "content": "x" }, { "done": true } ] } } ] }
        """;

    [Test]
    public async Task EditedFile_IsServedAfterReload_AndABrokenEditIsReported()
    {
        var root = Directory.CreateTempSubdirectory("conformance-reload-").FullName;
        try
        {
            var dir = Path.Combine(root, "framing");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, "framing.reload.demo.json");
            await File.WriteAllTextAsync(file, Template.Replace("TITLE", "first"));
            using var source = new ReloadingScenarioSource(root);
            Assert.That(source.Find("framing.reload.demo")!.Title, Is.EqualTo("first"));

            var reloaded = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            source.Reloaded += (_, errors) => reloaded.TrySetResult(errors.Count);
            await File.WriteAllTextAsync(file, Template.Replace("TITLE", "second"));
            Assert.That(await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.Zero);
            Assert.That(source.Find("framing.reload.demo")!.Title, Is.EqualTo("second"));

            var broken = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            source.Reloaded += (_, errors) => broken.TrySetResult(errors.Count);
            await File.WriteAllTextAsync(file, Template.Replace("\"title\"", "\"titel\""));
            Assert.That(await broken.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.GreaterThan(0));
            Assert.That(source.LastErrors.Select(e => e.JsonPath), Has.Some.Contains("titel"));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
