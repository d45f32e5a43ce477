using Conformance.Core.Scenarios;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;
using Conformance.Tests.Support;

namespace Conformance.Tests.Lint;

/// <summary>
/// The mock server playing servers for lint: the scenario catalogue plus the lint fixtures
/// (tests/…/Lint/Servers: a paced good server, a buffering one, a wrong Content-Type), on a real loopback port.
/// </summary>
internal sealed class LintServers : IAsyncDisposable
{
    public static string Fixtures => Path.Combine(Repo.Root, "tests", "Conformance.Tests", "Lint", "Servers");

    private LintServers(MockServer mock, string folder)
    {
        Mock = mock;
        Folder = folder;
    }

    public MockServer Mock { get; }

    /// <summary>The temporary scenario folder the mock serves (catalogue copies + fixtures), deleted on dispose.</summary>
    public string Folder { get; }

    public static LintServers Start(params string[] extraFolders)
    {
        var folder = Directory.CreateTempSubdirectory("conformance-lint-servers-").FullName;
        foreach (var source in new[] { Repo.Scenarios, Fixtures }.Concat(extraFolders))
            foreach (var dir in Directory.GetDirectories(source))
            {
                var target = Directory.CreateDirectory(Path.Combine(folder, Path.GetFileName(dir))).FullName;
                foreach (var file in Directory.GetFiles(dir, "*.json")) File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        return Serve(folder);
    }

    public static LintServers Serve(string folder)
    {
        var loaded = ScenarioCatalog.LoadDirectory(folder);
        if (loaded.Errors.Count > 0) throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        return new LintServers(MockServer.Start(new MockServerOptions { Port = 0 }, new CatalogScenarioSource(loaded.Catalog)), folder);
    }

    /// <summary>The base URL under which <paramref name="scenario"/> plays (its implicit case): what a vendor would pass as --url.</summary>
    public string BaseOf(string scenario, string api = "openai-chat") =>
        $"{Mock.BaseUrl}s/{scenario}/{Conformance.Core.Dialects.DialectCatalog.Find(api)!.Endpoints[0].Base}";

    public async ValueTask DisposeAsync()
    {
        await Mock.DisposeAsync();
        if (Folder.Contains("conformance-lint-servers-", StringComparison.Ordinal)) Directory.Delete(Folder, recursive: true);
    }
}
