using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.SdkAdapters;
using Conformance.Testing;
using OpenAiSdkAdapter;

namespace OpenAiSdk.Conformance.Tests;

/// <summary>
/// The OpenAI .NET SDK (NuGet OpenAI, the adapter's pinned version) on every openai-chat case, in-process. The SDK's
/// triaged findings (clients/sdks/findings.json, "openai-dotnet", plus in-process-findings.json: what only a long-lived
/// process shows) are known findings: those cases pass while the FAIL or NON-STRICT reproduces, and fail, saying so, once
/// the SDK no longer shows it. Every other case must pass, NON-STRICT included (NonStrictFails), as SdkMatrixTests holds
/// the process adapter to. Two cases at a time, as the CLI runs them on two cores (~30 s for the 148 cases).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public sealed class OpenAiSdkConformanceTests
{
    private const string Client = "openai-dotnet";

    private static readonly string FindingsPath = Path.Combine(ConformanceSuite.Default.CatalogueRoot, "clients", "sdks", "findings.json");

    /// <summary>Findings of the in-process run that the process adapter cannot see (its exit closes the connection).</summary>
    private static readonly string InProcessFindingsPath = Path.Combine(AppContext.BaseDirectory, "in-process-findings.json");

    private static readonly CaseSelection Selection = new()
    {
        // The adapter's own hello: what the SDK speaks and does.
        Client = new(Client)
        {
            Sdk = OpenAiChat.Hello.Sdk,
            Apis = OpenAiChat.Hello.Apis,
            Features = OpenAiChat.Hello.Features,
            Observes = OpenAiChat.Hello.Observes,
        },
        Apis = ["openai-chat"],
        KnownFindings = [.. Findings(FindingsPath, Client).Findings, .. Findings(InProcessFindingsPath, null).Findings],
        NonStrictFails = true,
    };

    public static IEnumerable<TestCaseData> Cases() => ConformanceSuite.Default.Cases(Selection);

    [TestCaseSource(nameof(Cases))]
    public async Task OpenAiSdk(ConformanceCase c) =>
        (await ConformanceSuite.Default.RunAsync(c, RunSdkAsync)).AssertExpected();

    /// <summary>The findings were triaged on one SDK version: a bump must be triaged anew, not silently judged by old ones.</summary>
    [Test]
    public void Findings_AreForThePinnedSdk()
    {
        Assert.That(OpenAiChat.Hello.Sdk, Is.EqualTo(Findings(FindingsPath, Client).Sdk), $"the SDK version changed: triage {FindingsPath} anew");
        Assert.That(OpenAiChat.Hello.Sdk, Is.EqualTo(Findings(InProcessFindingsPath, null).Sdk), $"the SDK version changed: triage {InProcessFindingsPath} anew");
    }

    /// <summary>The process adapter's body, with its observations going to the sink instead of stdout.</summary>
    private static Task RunSdkAsync(CaseContext context, ObservationSink sink, CancellationToken ct)
    {
        var output = new SinkOutput(sink);
        return Adapter.RunCaseAsync(CaseEnv.From(context.Variable), output, OpenAiErrors.Classify, env => OpenAiChat.StreamAsync(env, output, ct));
    }

    private sealed class SinkOutput(ObservationSink sink) : IObservationOutput
    {
        public void Write(JsonObject observation) => sink.Line(observation.ToJsonString());
    }

    /// <summary>
    /// A findings entry, <c>{"sdk":"OpenAI@2.15.0","findings":[{"scenario","rule","verdict","summary",…}]}</c>: the file's
    /// property <paramref name="client"/> (clients/sdks/findings.json), or the whole file when null.
    /// </summary>
    private static (string Sdk, IReadOnlyList<KnownFinding> Findings) Findings(string path, string? client)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var entry = client is null ? doc.RootElement : doc.RootElement.GetProperty(client);
        return (entry.GetProperty("sdk").GetString()!, [.. entry.GetProperty("findings").EnumerateArray().Select(f => new KnownFinding(
            f.GetProperty("scenario").GetString()!, f.GetProperty("rule").GetString()!, f.GetProperty("verdict").GetString()!, f.GetProperty("summary").GetString()!))]);
    }
}
