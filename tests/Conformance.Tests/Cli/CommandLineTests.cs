using System.CommandLine;
using Conformance.Cli;
using Conformance.Cli.Commands;

namespace Conformance.Tests.Cli;

/// <summary>
/// The command line itself (System.CommandLine): --help per command, typo suggestions, the [suggest] completion
/// directive, and the exit code 3 of every usage error the hand-written parser had (issue 13, "An installable tool").
/// </summary>
[TestFixture]
public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('\r');

    // The option names the hand-written parser read, command by command: none renamed, none lost.
    [TestCase("run", "--client", "--browser", "--name", "--apis", "--features", "--observes", "--preset", "--browser-path", "--profile",
        "--filter", "--shard", "--parallel", "--timeout-ms", "--out", "--format", "--baseline", "--threshold", "--write-baseline", "--scenarios", "--rules")]
    [TestCase("explore", "--client", "--name", "--apis", "--features", "--observes", "--filter", "--seed", "--budget", "--profile", "--parallel",
        "--timeout-ms", "--out", "--scenarios", "--rules")]
    [TestCase("serve", "--port", "--scenarios", "--wiremock-admin")]
    [TestCase("list", "--scenarios")]
    [TestCase("validate", "DIR")]
    [TestCase("rules", "--rules")]
    [TestCase("proxy", "--proxy-url", "--proxy-cmd", "--upstream-port", "--name", "--timing-attempts", "--out", "--format", "--baseline", "--threshold")]
    [TestCase("lint", "--url", "--api", "--model", "--header", "--key-env", "--request", "--timeout", "--name", "--repeat", "--out", "--format", "--baseline", "--threshold")]
    [TestCase("record", "--out", "--mutate", "--url", "--api", "--model", "--header", "--key-env", "--request", "--timeout", "--name")]
    [TestCase("merge", "DIR", "--out", "--format", "--baseline", "--threshold")]
    public async Task Help_OfEachCommand_ListsEachOfItsOptions_WithADescription_ExitZero(string command, params string[] options)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (code, output, err) = await Run(command, flag);

            Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
            Assert.That(err, Is.Empty);
            Assert.That(output, Does.Contain($" {command} "), "the usage line names the command");
            foreach (var option in options)
            {
                // "  --filter <GLOB>   scenario ids to run, …": the option, then its one-line description.
                var line = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal) || l.TrimStart().StartsWith("<" + option + ">", StringComparison.Ordinal));
                Assert.That(line, Is.Not.Null, $"{command} {flag} lists {option}:\n{output}");
                Assert.That(line!.Trim().Split("  ", 2, StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2), $"{option} has a description: '{line}'");
            }
        }
    }

    [Test]
    public void EveryOption_HasADescription()
    {
        foreach (var c in CliApp.Commands)
        {
            var command = c.Define().Command;
            Assert.That(command.Description, Is.Not.Empty, c.Name);
            foreach (var symbol in command.Options.Cast<Symbol>().Concat(command.Arguments))
                Assert.That(symbol.Description, Is.Not.Null.And.Not.Empty, $"{c.Name} {symbol.Name}");
        }
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    public async Task RootHelp_ListsEveryCommand_AndTheExitCodes(string flag)
    {
        var (code, output, err) = await Run(flag);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
        foreach (var c in CliApp.Commands)
            Assert.That(output, Does.Match($@"\n  {c.Name}( <[A-Z]+>)? +{System.Text.RegularExpressions.Regex.Escape(c.Summary)}"), c.Name);
        Assert.That(output, Does.Contain("Exit codes: 0 ok, 1 a case failed, 2 stale baseline, 3 usage or harness error, 130 interrupted."));
    }

    [Test]
    public async Task HelpWord_BeforeACommand_IsThatCommandsHelp()
    {
        var (code, output, _) = await Run("help", "merge");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("merge [<DIR>...] [options]").And.Contain("Refuses (exit 3)"), "the command's epilogue follows its options");
    }

    [TestCase(new[] { "run", "--fliter", "framing.*" }, "run", "--fliter", "--filter")]
    [TestCase(new[] { "run", "--paralel", "2" }, "run", "--paralel", "--parallel")]
    [TestCase(new[] { "lint", "--urll", "http://127.0.0.1:9/v1" }, "lint", "--urll", "--url")]
    [TestCase(new[] { "--client", "true", "--time-out-ms", "5" }, "run", "--time-out-ms", "--timeout-ms")]
    public async Task UnknownOption_IsAUsageError_ExitThree_WithTheOptionItMeant(string[] args, string command, string typo, string meant)
    {
        var (code, output, err) = await Run(args);

        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(output, Is.Empty, "everything on stderr");
        Assert.That(FirstLine(err), Is.EqualTo($"conformance {command}: Unrecognized command or argument '{typo}'."));
        Assert.That(err, Does.Contain($"'{typo}' was not matched. Did you mean one of the following?\n{meant}\n"));
        // The usage line starts with the executable's name: conformance, or the test host in-process.
        Assert.That(err, Does.Contain("Usage:").And.Contain($" {command} [options]"), "then the command's help");
    }

    [TestCase("rnu", "run")]
    [TestCase("explroe", "explore")]
    [TestCase("valdate", "validate")]
    [TestCase("merg", "merge")]
    public async Task MisspelledCommand_IsAUsageError_ExitThree_SuggestingTheCommand(string typo, string meant)
    {
        var (code, _, err) = await Run(typo);

        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(FirstLine(err), Is.EqualTo($"conformance: Unrecognized command or argument '{typo}'."));
        Assert.That(err, Does.Contain($"'{typo}' was not matched. Did you mean one of the following?\n{meant}\n"));
    }

    // Every usage error of the hand-written parser and of the commands' own checks: still exit 3, still the message
    // (first line, after "conformance <command>: "). None gets as far as starting a client or a server.
    [TestCase(new[] { "run", "--client", "true", "--no-such-option" }, "Unrecognized command or argument '--no-such-option'")]
    [TestCase(new[] { "run", "--client", "true", "stray" }, "Unrecognized command or argument 'stray'")]
    [TestCase(new[] { "run", "--client" }, "Required argument missing for option: '--client'")]
    [TestCase(new[] { "run", "--profile", "klingon" }, "unknown profile 'klingon'; profiles: whatwg, openai")]
    [TestCase(new[] { "run", "--preset", "apps" }, "unknown preset 'apps'; presets: sdks")]
    [TestCase(new[] { "run", "--parallel", "0" }, "--parallel expects an integer ≥ 1, got '0'")]
    [TestCase(new[] { "run", "--timeout-ms", "50" }, "--timeout-ms expects an integer ≥ 100, got '50'")]
    [TestCase(new[] { "run", "--threshold", "most" }, "--threshold expects a number, got 'most'")]
    [TestCase(new[] { "run", "--threshold", "7" }, "--threshold is a share of MUST rules passed, between 0 and 1; got 7")]
    [TestCase(new[] { "run", "--format", "pdf" }, "--format")]
    [TestCase(new[] { "run", "--shard", "3/2" }, "--shard")]
    [TestCase(new[] { "run", "--client", "true", "--filter", "no.such.scenario.*" }, "--filter 'no.such.scenario.*' matches no scenario")]
    [TestCase(new[] { "run", "--name", "early", "--client", "true", "--filter", "framing.lf.basic-stream" }, "--name must follow the --client or --browser it describes")]
    [TestCase(new[] { "run", "--client", "true", "--scenarios", "/no/such/folder" }, "no scenario folder at /no/such/folder")]
    [TestCase(new[] { "explore", "--out", "/tmp/x" }, "--client is required")]
    [TestCase(new[] { "explore", "--client", "a", "--client", "b", "--out", "/tmp/x" }, "explore takes one --client")]
    [TestCase(new[] { "explore", "--client", "a" }, "--out is required")]
    [TestCase(new[] { "explore", "--client", "a", "--out", "/tmp/x", "--seed", "-1" }, "--seed expects an integer ≥ 0, got '-1'")]
    [TestCase(new[] { "serve", "--port", "-1" }, "--port expects an integer ≥ 0, got '-1'")]
    [TestCase(new[] { "serve", "--scenarios", "/no/such/folder" }, "no scenario folder at /no/such/folder")]
    [TestCase(new[] { "list", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [TestCase(new[] { "rules", "--rules" }, "Required argument missing for option: '--rules'")]
    [TestCase(new[] { "validate", "/no/such/folder" }, "no such folder: /no/such/folder")]
    [TestCase(new[] { "validate", "a", "b" }, "Unrecognized command or argument 'b'")]
    [TestCase(new[] { "merge" }, "name the shards' report folders to merge")]
    [TestCase(new[] { "merge", "/no/such/folder" }, "/no/such/folder: no results.json there")]
    [TestCase(new[] { "proxy", "--proxy-url", "::" }, "--proxy-url is not a URL: '::'")]
    [TestCase(new[] { "proxy", "--proxy-cmd", "x", "--timing-attempts", "0" }, "--timing-attempts expects an integer ≥ 1, got '0'")]
    [TestCase(new[] { "lint", "--api", "openai-chat" }, "--url is required")]
    [TestCase(new[] { "lint", "--url", "not a url", "--api", "openai-chat" }, "--url is not an absolute URL: 'not a url'")]
    [TestCase(new[] { "lint", "--url", "http://127.0.0.1:9/v1" }, "--api is required (openai-chat, openai-completions, anthropic-messages, openai-responses, gemini-generate)")]
    [TestCase(new[] { "lint", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m", "--header", "no-colon" }, "--header expects K:V, got 'no-colon'")]
    [TestCase(new[] { "lint", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m", "--repeat", "0" }, "--repeat expects an integer ≥ 1, got '0'")]
    [TestCase(new[] { "lint", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m", "--timeout", "soon" }, "--timeout expects a number, got 'soon'")]
    [TestCase(new[] { "lint", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m", "--request", "/no/such/file.json" }, "--request: no file at /no/such/file.json")]
    [TestCase(new[] { "record", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m" }, "--out FILE is required")]
    [TestCase(new[] { "record", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m", "--out", "x.txt" }, "--out must name a .json file, got 'x.txt'")]
    [TestCase(new[] { "record", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m", "--repeat", "2", "--out", "recorded/recorded.x.json" }, "Unrecognized command or argument '--repeat'")]
    public async Task UsageError_ExitsThree_WithItsMessageFirst(string[] args, string message)
    {
        var (code, output, err) = await Run(args);

        Assert.That(code, Is.EqualTo(ExitCodes.Usage), output + err);
        Assert.That(FirstLine(err), Does.StartWith($"conformance {args[0]}: ").And.Contain(message));
        Assert.That(err, Does.Contain("Usage:").And.Contain($" {args[0]} "), "the command's help follows");
    }

    [TestCase("--filter", "no.such.scenario.*")]
    [TestCase("--client", "true")]
    public async Task NoCommand_OrAnOptionFirst_IsRun(string option, string value)
    {
        var (code, _, err) = await Run(option, value, "--filter", "still.nothing.*", "--client", "true");

        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(FirstLine(err), Is.EqualTo("conformance run: --filter 'still.nothing.*' matches no scenario"), "and the last --filter counts");
    }

    [TestCase("--filter=still.nothing.*")]
    [TestCase("--filter:still.nothing.*")]
    public async Task OptionEqualsValue_IsTheSameAsTwoArguments(string option)
    {
        var (code, _, err) = await Run("run", "--client", "true", option);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(FirstLine(err), Is.EqualTo("conformance run: --filter 'still.nothing.*' matches no scenario"));
    }

    [Test]
    public async Task AtSign_IsAPlainValue_NotAResponseFile()
    {
        var (code, _, err) = await Run("run", "--client", "true", "--filter", "@nothing");
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(FirstLine(err), Is.EqualTo("conformance run: --filter '@nothing' matches no scenario"));
    }

    [Test]
    public void ClientOptions_PairUp_ByCommandLineOrder_WhateverTheSyntax()
    {
        var options = new ClientOptions("client", "browser", "features");
        var command = new Command("run");
        options.AddTo(command);
        var parse = command.Parse(["--client", "node a.mjs", "--name=a", "--apis", "openai-chat", "--browser", "eventsource", "--client", "node b.mjs", "--observes:text", "--name", "b"]);

        Assert.That(parse.Errors, Is.Empty);
        Assert.That(options.InOrder(parse), Is.EqualTo(new (string, string?)[]
        {
            ("client", "node a.mjs"), ("name", "a"), ("apis", "openai-chat"), ("browser", "eventsource"),
            ("client", "node b.mjs"), ("observes", "text"), ("name", "b"),
        }));
        Assert.That(options.ClientCount(parse), Is.EqualTo(2));
    }

    [Test]
    public void ClientOptions_AValueThatLooksLikeAnOption_IsTheValue()
    {
        var options = new ClientOptions("client", null, "features");
        var command = new Command("explore");
        options.AddTo(command);
        var parse = command.Parse(["--client", "a", "--name", "--client"]);

        Assert.That(parse.Errors, Is.Empty);
        Assert.That(options.InOrder(parse), Is.EqualTo(new (string, string?)[] { ("client", "a"), ("name", "--client") }));
    }

    [TestCase("conformance ", "explore", "run")]
    [TestCase("conformance li", "lint", "list")]
    [TestCase("conformance run --f", "--filter", "--format")]
    [TestCase("conformance run --profile ", "whatwg", "anthropic")]
    [TestCase("conformance lint --api ", "anthropic-messages", "openai-chat")]
    [TestCase("conformance run --format ", "junit", "html")]
    public async Task SuggestDirective_CompletesCommandsOptionsAndValues(string line, string expected, string alsoExpected)
    {
        var (code, output, err) = await Run($"[suggest:{line.Length}]", line);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), err);
        var completions = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(completions, Has.Member(expected).And.Member(alsoExpected), output);
    }
}
