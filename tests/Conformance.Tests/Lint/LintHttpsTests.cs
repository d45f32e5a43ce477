using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Core.Scoring;
using Conformance.Lint;
using Conformance.Lint.Dialects;
using Conformance.Lint.Rules;
using Conformance.Lint.Wire;

namespace Conformance.Tests.Lint;

/// <summary>
/// `lint` over https: a loopback TLS server (a self-signed certificate made for the test) sends a paced chat
/// stream; the lint client speaks TLS, stamps each decrypted read, and scores the stream like a plain one. An
/// untrusted certificate is a clear failure to connect (a harness fault naming the certificate), never a verdict.
/// </summary>
public sealed class LintHttpsTests
{
    private static readonly string[] Events =
    [
        """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
        """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""",
        """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
        "data: [DONE]",
    ];

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=conformance-lint-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Serves one TLS connection: reads the request head and body, answers a chat stream, one event per write, 60 ms apart.</summary>
    private static async Task ServeOnceAsync(TcpListener listener, X509Certificate2 cert, CancellationToken ct)
    {
        using var tcp = await listener.AcceptTcpClientAsync(ct);
        tcp.NoDelay = true;
        await using var ssl = new SslStream(tcp.GetStream());
        try { await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = cert }, ct); }
        catch (AuthenticationException) { return; } // the untrusting client hung up during the handshake
        catch (IOException) { return; }
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.ASCII.GetString([.. received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = int.Parse(text.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Split(':')[1].Trim());
                if (received.Count >= end + 4 + length) break;
            }
            var n = await ssl.ReadAsync(buffer, ct);
            if (n == 0) return;
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        await ssl.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
        foreach (var e in Events)
        {
            await ssl.WriteAsync(Encoding.UTF8.GetBytes(e + "\n\n"), ct);
            await ssl.FlushAsync(ct);
            await Task.Delay(60, ct);
        }
        await ssl.ShutdownAsync();
    }

    private static LintOptions Options(int port) => new() { Url = new Uri($"https://127.0.0.1:{port}/v1"), Dialect = LintDialects.Find("openai-chat")!, Model = "m" };

    /// <summary>Starts the one-connection TLS server on a free loopback port, lets <paramref name="send"/> talk to it, stops it.</summary>
    private static async Task<StreamCapture> AgainstTlsServerAsync(X509Certificate2 cert, Func<int, CancellationToken, Task<StreamCapture>> send)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = ServeOnceAsync(listener, cert, cts.Token);
            var capture = await send(port, cts.Token);
            await server;
            return capture;
        }
        finally { listener.Stop(); }
    }

    [Test]
    public async Task Https_TheStreamIsReadOverTls_EachEventInItsOwnRead_AndScoredLikeAPlainOne()
    {
        using var cert = SelfSigned();
        // Pin the test's own certificate (not "accept anything"): the client really validates what it is shown.
        var client = new LintClient(TimeProvider.System, (_, presented, _, _) => presented is not null && presented.GetCertHashString() == cert.GetCertHashString());
        var port = 0;
        var capture = await AgainstTlsServerAsync(cert, (p, ct) => client.SendAsync(Options(port = p).ToRequest(), TimeSpan.FromSeconds(10), ct));

        Assert.That((capture.Status, capture.Ended), Is.EqualTo(((int?)200, CaptureEnds.Clean)), capture.Error);
        Assert.That(capture.Url.Scheme, Is.EqualTo("https"));
        Assert.That(Encoding.UTF8.GetString(capture.Body), Is.EqualTo(string.Concat(Events.Select(e => e + "\n\n"))));
        Assert.That(capture.Pieces.Count, Is.GreaterThanOrEqualTo(Events.Length), "one decrypted read per paced write");
        var verdicts = LintRunner.Score(Options(port), capture);
        Assert.That(verdicts.Where(v => v.Verdict.IsFailure()).Select(v => $"{v.RuleId}: {v.Reason}"), Is.Empty);
        Assert.That(verdicts.Single(v => v.RuleId == ServerRules.OpenAiDone).Verdict, Is.EqualTo(Verdict.Pass));
    }

    [Test]
    public async Task Https_AnUntrustedCertificate_IsNoResponse_NamingTheCertificate_NotAVerdict()
    {
        using var cert = SelfSigned();
        var capture = await AgainstTlsServerAsync(cert, (port, ct) => new LintClient().SendAsync(Options(port).ToRequest(), TimeSpan.FromSeconds(10), ct));

        Assert.That(capture.Status, Is.Null, "no HTTP response: the handshake was refused");
        Assert.That(capture.Error, Does.Contain("certificate").IgnoreCase);
    }
}
