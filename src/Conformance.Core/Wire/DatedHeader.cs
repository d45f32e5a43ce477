using System.Globalization;

namespace Conformance.Core.Wire;

/// <summary>
/// A header whose value is an HTTP-date computed when the response head is written: the send time plus
/// <see cref="InSeconds"/>, rounded up to the next whole second (an IMF-fixdate has whole seconds, RFC 9110
/// §5.6.7), so the date is never earlier than send time + <see cref="InSeconds"/>. A client that honours it
/// waits at least <see cref="InSeconds"/> and less than one second more. Written as
/// <c>"Retry-After": {"httpDateInSeconds": 1}</c> in a scenario.
/// </summary>
public sealed record DatedHeader(string Name, int InSeconds)
{
    /// <summary>The value to send at <paramref name="now"/>.</summary>
    public string ValueAt(DateTimeOffset now)
    {
        var target = now.ToUniversalTime().AddSeconds(InSeconds);
        var whole = new DateTimeOffset(target.Ticks - target.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        if (whole < target) whole = whole.AddSeconds(1);
        return whole.ToString("r", CultureInfo.InvariantCulture); // "Sun, 06 Nov 1994 08:49:37 GMT"
    }
}
