using System.Runtime.CompilerServices;

namespace Conformance.Tests.Reports;

/// <summary>
/// A small Verify-style snapshot check: compares with Snapshots/&lt;name&gt;.verified.&lt;ext&gt; (committed, LF);
/// on a mismatch writes &lt;name&gt;.received.&lt;ext&gt; next to it (git-ignored) and fails with a diff hint.
/// Set CONFORMANCE_ACCEPT=1 to accept the new output. Home-made rather than Verify.NUnit to keep the
/// test project's dependencies to what the mirror is known to serve.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string name, string extension, [CallerFilePath] string sourceFile = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Snapshots");
        Directory.CreateDirectory(dir);
        var verified = Path.Combine(dir, $"{name}.verified.{extension}");
        var received = Path.Combine(dir, $"{name}.received.{extension}");
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        if (Environment.GetEnvironmentVariable("CONFORMANCE_ACCEPT") == "1")
        {
            File.WriteAllText(verified, actual);
            return;
        }
        File.WriteAllText(received, actual);
        if (expected is null)
            Assert.Fail($"No snapshot yet: review {received} and rename it to {Path.GetFileName(verified)} (or run with CONFORMANCE_ACCEPT=1).");
        Assert.Fail($"{name}.{extension} differs from the snapshot at {FirstDifference(expected!, actual)}.\n"
            + $"  diff \"{verified}\" \"{received}\"\nAccept with: mv \"{received}\" \"{verified}\" (or CONFORMANCE_ACCEPT=1).");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al) return $"line {i + 1}:\n  verified: {Trim(el)}\n  received: {Trim(al)}";
        }
        return "(line endings only)";
    }

    private static string Trim(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
