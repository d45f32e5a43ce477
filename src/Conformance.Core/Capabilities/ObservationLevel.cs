namespace Conformance.Core.Capabilities;

/// <summary>How much of the stream a client reports: each event object, text tokens, or only its assembled message.</summary>
public enum ObservationLevel
{
    /// <summary><c>objects</c>: every chunk is the event object the client yielded.</summary>
    Objects,
    /// <summary><c>text</c>: every chunk is a string token; rules that need event objects are SKIPPED.</summary>
    Text,
    /// <summary><c>message</c>: only the assembled <c>message</c>; rules that need per-chunk evidence are SKIPPED.</summary>
    Message,
    /// <summary><c>events</c>: SSE events as a parser library dispatches them (type, data, id); the LLM layer's rules are SKIPPED.</summary>
    Events,
}

public static class ObservationLevels
{
    public static string WireName(this ObservationLevel level) => level switch
    {
        ObservationLevel.Objects => "objects",
        ObservationLevel.Text => "text",
        ObservationLevel.Message => "message",
        ObservationLevel.Events => "events",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static bool TryParse(string? name, out ObservationLevel level)
    {
        foreach (var l in Enum.GetValues<ObservationLevel>())
            if (string.Equals(l.WireName(), name, StringComparison.Ordinal)) { level = l; return true; }
        level = default;
        return false;
    }

    /// <summary>What a rule that needs more than this level says when it is SKIPPED.</summary>
    public static string Reports(this ObservationLevel level) => level switch
    {
        ObservationLevel.Text => "the client reports text only",
        ObservationLevel.Message => "the client reports the assembled message only",
        ObservationLevel.Events => "the client reports SSE events, not the LLM stream they carry",
        _ => "the client reports event objects",
    };
}
