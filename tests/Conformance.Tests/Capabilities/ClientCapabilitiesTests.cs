using Conformance.Core.Capabilities;
using Conformance.Runner.Clients;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Capabilities;

/// <summary>Capabilities decide NOT RUN; the hello line and the command line declare them.</summary>
public sealed class ClientCapabilitiesTests
{
    private static Conformance.Core.Scenarios.Scenario Scenario(string api = "openai-chat", string client = "") =>
        ScenarioJson.Parse(ScenarioJson.Stream(api == "anthropic-messages" ? """{ "anthropic": "message_stop" }""" : """{ "content": "Hi" }, { "done": true }""", api: api).Replace("\"api\":", client.Length > 0 ? $"\"client\": {client}, \"api\":" : "\"api\":", StringComparison.Ordinal));

    [Test]
    public void AnApiTheClientDoesNotSpeak_IsNotRun_WithTheReason()
    {
        var (openAiOnly, errors) = ClientCapabilities.Parse(["openai-chat", "openai-completions"], null, null, "command line");
        Assert.That(errors, Is.Empty);
        Assert.That(openAiOnly.NotRunReason(Scenario("anthropic-messages")), Is.EqualTo("client does not speak anthropic-messages"));
        Assert.That(openAiOnly.NotRunReason(Scenario()), Is.Null);
    }

    [TestCase("""{ "maxRetries": 2 }""", "retries")]
    [TestCase("""{ "idleTimeoutMs": 400 }""", "idle-timeout")]
    [TestCase("""{ "cancelAfter": 3 }""", "cancel")]
    public void ACaseNeedingAFeatureTheClientLacks_IsNotRun(string client, string feature)
    {
        var (none, _) = ClientCapabilities.Parse(null, ["none"], null, "command line");
        Assert.That(none.NotRunReason(Scenario(client: client)), Does.StartWith($"client does not declare feature '{feature}'"));
        Assert.That(ClientCapabilities.Everything.NotRunReason(Scenario(client: client)), Is.Null);
    }

    [Test]
    [Description("sse.reconnect.after-end")]
    public void AReconnectionCase_IsNotRun_UnlessTheClientDeclaresReconnect_WhichNoDefaultDoes()
    {
        var reconnecting = Scenario(client: """{ "reconnects": 2 }""");
        Assert.That(ClientCapabilities.Everything.NotRunReason(reconnecting), Is.EqualTo("client does not declare feature 'reconnect' (the case expects the client to reconnect by itself, up to 2 times)"));
        var (declared, errors) = ClientCapabilities.Parse(null, ["reconnect"], null, "hello");
        Assert.That(errors, Is.Empty);
        Assert.That(declared.NotRunReason(reconnecting), Is.Null);
        Assert.That(declared.ToString(), Does.Contain("features reconnect;"));
    }

    [Test]
    public void MaxRetriesZero_NeedsNoRetries()
    {
        var (none, _) = ClientCapabilities.Parse(null, ["none"], null, "command line");
        Assert.That(none.NotRunReason(Scenario(client: """{ "maxRetries": 0 }""")), Is.Null);
    }

    [Test]
    public void UnknownNames_AreErrors_NotSilentlyDropped()
    {
        var (_, errors) = ClientCapabilities.Parse(["openai-chat", "gemini"], ["retry"], "tokens", "command line");
        Assert.That(errors, Has.Count.EqualTo(3));
        Assert.That(errors[0], Does.Contain("unknown api 'gemini'"));
        Assert.That(errors[1], Does.Contain("unknown feature 'retry'"));
        Assert.That(errors[2], Does.Contain("unknown observation level 'tokens'"));
    }

    [Test]
    public void TheCommandLine_OverridesFieldByField()
    {
        var hello = AdapterHandshake.Parse("""{"type":"hello","name":"x","sdk":"openai@6.9.1","apis":["openai-chat"],"features":["cancel","status"],"observes":"text"}""")!;
        var (narrowed, _) = ClientCapabilities.Parse(null, ["status"], null, "hello + command line", hello.Capabilities);
        Assert.That(narrowed.Apis.Select(a => a.ToString()), Is.EqualTo(new[] { "openai-chat" }));
        Assert.That(narrowed.Features, Is.EquivalentTo(new[] { "status" }));
        Assert.That(narrowed.Observes, Is.EqualTo(ObservationLevel.Text));
    }

    [Test]
    public void Hello_IsParsed_AndAnythingElseIsNotAHello()
    {
        var hello = AdapterHandshake.Parse("""{"type":"hello","name":"openai-node","sdk":"openai@6.9.1","apis":["openai-chat"],"features":["retries"],"observes":"objects"}""");
        Assert.That(hello, Is.Not.Null);
        Assert.That((hello!.Name, hello.Sdk, hello.Capabilities.DeclaredBy, hello.Errors.Count), Is.EqualTo(("openai-node", "openai@6.9.1", "hello", 0)));
        Assert.That(AdapterHandshake.Parse("""{"type":"end","reason":"done"}"""), Is.Null);
        Assert.That(AdapterHandshake.Parse("TypeError: Invalid URL"), Is.Null);
        Assert.That(AdapterHandshake.Parse("""{"type":"hello","apis":"openai-chat"}""")!.Errors, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Handshake_RunsTheAdapterWithConformanceHello_AndReadsItsLine()
    {
        var script = Path.Combine(Path.GetTempPath(), $"hello-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(script, """
            if (process.env.CONFORMANCE_HELLO === "1") { process.stdout.write(JSON.stringify({ type: "hello", apis: ["openai-chat"], features: [] }) + "\n"); }
            else { process.stdout.write("not a hello\n"); }
            """);
        try
        {
            var hello = await AdapterHandshake.HelloAsync($"node \"{script}\"", null, TimeSpan.FromSeconds(15), CancellationToken.None);
            Assert.That(hello, Is.Not.Null);
            Assert.That(hello!.Capabilities.Features, Is.Empty);
            var silent = await AdapterHandshake.HelloAsync("echo '{\"type\":\"error\",\"kind\":\"other\"}'", null, TimeSpan.FromSeconds(15), CancellationToken.None);
            Assert.That(silent, Is.Null, "an adapter that does not know the handshake gets the defaults");
        }
        finally { File.Delete(script); }
    }
}
