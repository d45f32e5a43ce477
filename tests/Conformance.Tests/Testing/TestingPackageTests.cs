using System.Xml.Linq;
using Conformance.Tests.Support;

namespace Conformance.Tests.Testing;

/// <summary>
/// The Conformance.Testing package (issue 13), used as an SDK's repository would: `dotnet pack`, then a fresh NUnit
/// project outside the clone that references the package from a folder and runs two cases with an in-process client. The
/// catalogues come with the package (copied next to the test assembly); a NOT RUN case is Skipped, never failed. One test,
/// run once: packing, restoring and building take a while.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Pack")]
public sealed class TestingPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private const string ConsumerProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <IsTestProject>true</IsTestProject>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Conformance.Testing" Version="0.1.0" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
            <PackageReference Include="NUnit" Version="4.4.0" />
            <PackageReference Include="NUnit3TestAdapter" Version="5.2.0" />
          </ItemGroup>
        </Project>
        """;

    private const string ConsumerTests = """
        using System.Net.ServerSentEvents;
        using System.Text;
        using System.Text.Json.Nodes;
        using Conformance.Testing;
        using NUnit.Framework;

        public sealed class MySdkConformance
        {
            private static readonly CaseSelection Selection = new()
            {
                Client = new("my-sdk") { Apis = ["openai-chat"], Features = ["retries", "idle-timeout", "cancel", "status"] },
                Scenarios = "encoding.utf8.two-byte-char-split,framing.crlf.split-between-cr-and-lf,reconnect.stop.http-500",
            };

            public static IEnumerable<TestCaseData> Cases() => ConformanceSuite.Default.Cases(Selection);

            [TestCaseSource(nameof(Cases))]
            public async Task Conforms(ConformanceCase c) => (await ConformanceSuite.Default.RunAsync(c, RunAsync)).AssertExpected();

            [Test]
            public void CatalogueComesWithThePackage() =>
                Assert.That(ConformanceSuite.Default.CatalogueRoot, Is.EqualTo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)));

            private static async Task RunAsync(CaseContext c, ObservationSink sink, CancellationToken ct)
            {
                using var http = new HttpClient();
                var request = new HttpRequestMessage(HttpMethod.Post, $"{c.BaseUrl}/chat/completions") { Content = new StringContent(c.RequestJson, Encoding.UTF8, "application/json") };
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                await foreach (var item in SseParser.Create(body).EnumerateAsync(ct))
                {
                    if (item.Data == "[DONE]") { sink.End("done"); return; }
                    sink.Chunk(JsonNode.Parse(item.Data));
                }
                sink.End("eof");
            }
        }
        """;

    [Test]
    public async Task PackedPackage_InAFreshNUnitProject_RunsCases_WithTheCatalogueItCarries()
    {
        var temp = Directory.CreateTempSubdirectory("conformance-testing-").FullName;
        try
        {
            var (packages, consumer) = (Path.Combine(temp, "packages"), Path.Combine(temp, "consumer"));
            Directory.CreateDirectory(consumer);
            var pack = await Script.RunAsync("dotnet", ["pack", Path.Combine(Repo.Root, "src", "Conformance.Testing", "Conformance.Testing.csproj"),
                "-c", Configuration, "--no-build", "--nologo", "-v", "q", "-o", packages], Repo.Root, timeoutSeconds: 600);
            Assert.That(pack.Code, Is.Zero, pack.Describe());

            var nupkg = Path.Combine(packages, "Conformance.Testing.0.1.0.nupkg");
            using (var zip = System.IO.Compression.ZipFile.OpenRead(nupkg))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.That(entries, Does.Contain("lib/net10.0/Conformance.Testing.dll").And.Contain("lib/net10.0/Conformance.Core.dll")
                    .And.Contain("lib/net10.0/Conformance.Server.dll").And.Contain("lib/net10.0/Conformance.Runner.dll")
                    .And.Contain("contentFiles/any/any/rules/rules.json")
                    .And.Contain("contentFiles/any/any/scenarios/encoding/encoding.utf8.two-byte-char-split.json"));
                using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
                var ids = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ToList();
                Assert.That(ids, Does.Contain("NUnit").And.Contain("WireMock.Net.Minimal"));
                Assert.That(ids, Has.None.StartsWith("Conformance."), "Core, Server and Runner ride inside the package, not as packages nobody publishes");
            }

            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), ConsumerProject);
            File.WriteAllText(Path.Combine(consumer, "MySdkConformance.cs"), ConsumerTests);
            // The package folder as a source; restored into the temp folder, never into the machine's cache (a stale copy of
            // 0.1.0 there would hide a change), with the machine's cache as a fallback for NUnit and the rest.
            var global = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(consumer, "NuGet.Config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><add key="local" value="{packages}" /></packageSources>
                </configuration>
                """);
            var test = await Script.RunAsync("dotnet", ["test", "--nologo",
                $"-p:RestorePackagesPath={Path.Combine(temp, "nuget")}", $"-p:RestoreAdditionalProjectFallbackFolders={global}"], consumer, timeoutSeconds: 600);

            Assert.That(test.Code, Is.Zero, test.Describe());
            Assert.That(test.Out, Does.Match(@"Failed:\s+0, Passed:\s+3, Skipped:\s+1, Total:\s+4"), test.Describe());
        }
        finally { Directory.Delete(temp, recursive: true); }
    }
}
