using System.Globalization;

namespace Conformance.Core.Text;

/// <summary>
/// What the harness keeps of a JSON value nested deeper than it builds trees for: a small object naming its depth
/// and size. The expected event (a dropped <c>too-deep</c> event) and a client's chunk carrying it both become one,
/// so they can still be matched, reported and written to results.json.
/// </summary>
public static class Placeholder
{
    public const string Property = "$conformance.too-deep";

    public static string For(string json) =>
        $"{{\"{Property}\":{{\"depth\":{(JsonDepth.Of(json) ?? 0).ToString(CultureInfo.InvariantCulture)},\"bytes\":{System.Text.Encoding.UTF8.GetByteCount(json).ToString(CultureInfo.InvariantCulture)}}}}}";
}
