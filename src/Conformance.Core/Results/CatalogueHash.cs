using System.Security.Cryptography;
using System.Text;

namespace Conformance.Core.Results;

/// <summary>
/// The hash that tells two catalogues apart: SHA-256 over every scenario file (its path relative to its folder, then its
/// bytes) and the rule catalogue, in ordinal path order, so the same files give the same hash on every machine and any
/// edited, added or removed file changes it. <c>merge</c> refuses shards whose hashes differ.
/// </summary>
public static class CatalogueHash
{
    public static string Of(IReadOnlyList<string> scenarioFolders, string rulesFile)
    {
        ArgumentNullException.ThrowIfNull(scenarioFolders);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < scenarioFolders.Count; i++)
        {
            var root = Path.GetFullPath(scenarioFolders[i]);
            var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
                .Select(f => (Relative: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
                .OrderBy(f => f.Relative, StringComparer.Ordinal);
            foreach (var (relative, full) in files) Add(sha, $"{i}:{relative}", File.ReadAllBytes(full));
        }
        Add(sha, "rules", File.ReadAllBytes(rulesFile));
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Add(IncrementalHash sha, string name, byte[] bytes)
    {
        sha.AppendData(Encoding.UTF8.GetBytes(name + "\0" + bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0"));
        sha.AppendData(bytes);
    }
}
