using System.Text;
using Conformance.Proxy.Probe;

namespace Conformance.Tests.Proxy;

public sealed class ChunkedDecoderTests
{
    private static readonly byte[] Wire = Encoding.UTF8.GetBytes("5\r\nhello\r\n4;ext=1\r\n caf\r\n2\r\n") is var a
        ? [.. a, 0xC3, 0xA9, .. "\r\n0\r\nX-Trailer: 1\r\n\r\n"u8.ToArray()]
        : [];

    [Test]
    public void Decode_WholeBody_YieldsPayload_AndCompletes()
    {
        var payload = new List<byte>();
        var d = new ChunkedDecoder();
        d.Feed(Wire, payload);
        Assert.That(d.Complete, Is.True);
        Assert.That(Encoding.UTF8.GetString([.. payload]), Is.EqualTo("hello café"));
    }

    [Test]
    public void Decode_SplitAtEveryByte_YieldsTheSamePayload()
    {
        for (var cut = 1; cut < Wire.Length; cut++)
        {
            var payload = new List<byte>();
            var d = new ChunkedDecoder();
            d.Feed(Wire.AsSpan(0, cut), payload);
            d.Feed(Wire.AsSpan(cut), payload);
            Assert.That(d.Complete, Is.True, $"cut {cut}");
            Assert.That(Encoding.UTF8.GetString([.. payload]), Is.EqualTo("hello café"), $"cut {cut}");
        }
    }

    [Test]
    public void Decode_BadSize_IsAnError_NotAnException()
    {
        var d = new ChunkedDecoder();
        d.Feed("zz\r\n"u8, []);
        Assert.That(d.Error, Does.Contain("bad chunk size"));
    }
}
