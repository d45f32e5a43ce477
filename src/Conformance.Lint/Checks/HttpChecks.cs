using System.Text;
using Conformance.Core.Scoring;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Checks;

/// <summary>The response head: status, Content-Type, Cache-Control, Content-Encoding (rules server.http.*).</summary>
public static class HttpChecks
{
    public static RuleVerdict Status(StreamFacts f)
    {
        var c = f.Capture;
        if (c.Status == 200) return Pass(R.StatusOk, $"HTTP 200 {c.Reason}".TrimEnd());
        var body = Encoding.UTF8.GetString(f.Body);
        return Miss(R.StatusOk, $"the streaming request was answered {c.Status} {c.Reason}: {Show(body)}", "200", c.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "response head, status line");
    }

    public static RuleVerdict ContentType(StreamFacts f)
    {
        var value = f.Capture.Header("Content-Type");
        var media = value?.Split(';')[0].Trim();
        return string.Equals(media, "text/event-stream", StringComparison.OrdinalIgnoreCase)
            ? Pass(R.ContentType, $"Content-Type: {value}")
            : Miss(R.ContentType, value is null ? "the stream has no Content-Type header" : $"the stream is sent as Content-Type: {value}, not text/event-stream",
                "text/event-stream", value ?? "none", "response head, Content-Type");
    }

    public static RuleVerdict CacheControl(StreamFacts f)
    {
        var value = f.Capture.Header("Cache-Control");
        return value is not null && value.Contains("no-cache", StringComparison.OrdinalIgnoreCase) || value?.Contains("no-store", StringComparison.OrdinalIgnoreCase) == true
            ? Pass(R.CacheControl, $"Cache-Control: {value}")
            : Miss(R.CacheControl, value is null ? "the stream has no Cache-Control header" : $"Cache-Control: {value} lets a cache hold the stream", "no-cache", value ?? "none", "response head, Cache-Control");
    }

    public static RuleVerdict NoCompression(StreamFacts f)
    {
        if (f.Encoding is null) return Pass(R.NoCompression, "no Content-Encoding although the request sent Accept-Encoding: gzip, deflate, br");
        var note = f.DecodeError is null ? $"; {f.Capture.Body.Length} bytes on the wire, {f.Body.Length} after decompressing" : $"; the body does not even decompress: {f.DecodeError}";
        return Miss(R.NoCompression, $"the stream is compressed (Content-Encoding: {f.Encoding}): a parser that reads the body as text sees binary{note}",
            "none", f.Encoding, $"response head, Content-Encoding; body bytes 0–{Math.Max(0, f.Capture.Body.Length - 1)}");
    }
}
