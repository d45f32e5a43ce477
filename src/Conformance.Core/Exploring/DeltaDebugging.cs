namespace Conformance.Core.Exploring;

/// <summary>
/// Zeller and Hildebrandt's ddmin ("Simplifying and Isolating Failure-Inducing Input", 2002): from a failing
/// set, a subset that still fails and from which no single element can be removed (1-minimal).
/// </summary>
public static class DeltaDebugging
{
    /// <summary>
    /// Minimizes <paramref name="items"/> (which fail). <paramref name="firstFailing"/> tests candidate subsets
    /// in order and returns the index of the first that fails, -1 when none does, or null when it can test no
    /// more (out of budget); the subset reached so far is then returned with <c>Complete = false</c>.
    /// The empty set is never tested.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Result, bool Complete)> MinimizeAsync<T>(
        IReadOnlyList<T> items, Func<IReadOnlyList<IReadOnlyList<T>>, Task<int?>> firstFailing)
    {
        var current = items.ToList();
        var n = 2;
        while (current.Count >= 2)
        {
            var parts = Split(current, n);
            var candidates = new List<IReadOnlyList<T>>(parts);
            // With two parts each complement is the other part: nothing new to test.
            if (parts.Count > 2)
                candidates.AddRange(parts.Select((_, i) => (IReadOnlyList<T>)[.. parts.Where((_, j) => j != i).SelectMany(p => p)]));
            var found = await firstFailing(candidates).ConfigureAwait(false);
            if (found is null) return (current, false);
            if (found >= 0)
            {
                current = [.. candidates[found.Value]];
                n = found < parts.Count ? 2 : Math.Max(n - 1, 2);
                continue;
            }
            if (n >= current.Count) break;
            n = Math.Min(n * 2, current.Count);
        }
        return (current, true);
    }

    /// <summary><paramref name="items"/> in <paramref name="n"/> contiguous parts of near-equal size.</summary>
    internal static List<IReadOnlyList<T>> Split<T>(IReadOnlyList<T> items, int n)
    {
        var parts = new List<IReadOnlyList<T>>(n);
        var start = 0;
        for (var i = 0; i < n; i++)
        {
            var size = (items.Count - start) / (n - i);
            parts.Add([.. items.Skip(start).Take(size)]);
            start += size;
        }
        return parts;
    }
}
