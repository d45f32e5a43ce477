using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using Conformance.Testing;

namespace Conformance.Tests.Testing;

/// <summary>Small in-process clients for the package's own tests: one careful, one that decodes each read on its own.</summary>
internal static class InProcessClients
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>System.Net.ServerSentEvents over the whole body: UTF-8 decoded per event, [DONE] ends the run.</summary>
    public static async Task Careful(CaseContext c, ObservationSink sink, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(c, ct);
            if (!response.IsSuccessStatusCode) { sink.Error("http", (int)response.StatusCode, response.ReasonPhrase); return; }
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(ct))
            {
                if (item.Data == "[DONE]") { sink.End("done"); return; }
                sink.Chunk(JsonNode.Parse(item.Data));
            }
            sink.End("eof");
        }
        catch (HttpRequestException ex) { sink.Error("network", null, ex.Message); }
        catch (IOException ex) { sink.Error("network", null, ex.Message); }
    }

    /// <summary>Decodes every read by itself (the bug seed 000 warns about): a character split across reads becomes U+FFFD.</summary>
    public static async Task DecodesEachRead(CaseContext c, ObservationSink sink, CancellationToken ct)
    {
        using var response = await SendAsync(c, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            int end;
            while ((end = text.ToString().IndexOf("\n\n", StringComparison.Ordinal)) >= 0)
            {
                var block = text.ToString(0, end);
                text.Remove(0, end + 2);
                var data = string.Join("\n", block.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]));
                if (data.Length == 0) continue;
                if (data == "[DONE]") { sink.End("done"); return; }
                sink.Chunk(JsonNode.Parse(data));
            }
        }
        sink.End("eof");
    }

    private static Task<HttpResponseMessage> SendAsync(CaseContext c, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{c.BaseUrl}/chat/completions") { Content = new StringContent(c.RequestJson, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", c.ApiKey);
        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }
}
