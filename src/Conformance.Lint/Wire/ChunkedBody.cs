using System.Globalization;

namespace Conformance.Lint.Wire;

/// <summary>
/// Incremental HTTP/1.1 chunked decoder (RFC 9112 §7.1) that hands back whole chunks, so each chunk (one flush
/// of the server) keeps its own boundary and arrival time even when a read carries several. The proxy probe's
/// decoder returns payload bytes only; the recorder needs the boundaries.
/// </summary>
public sealed class ChunkedBody
{
    private readonly List<byte> _pending = [];
    private bool _trailer;

    public bool Complete { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Adds raw body bytes and returns the chunks they completed (payloads only).</summary>
    public IReadOnlyList<byte[]> Feed(ReadOnlySpan<byte> input)
    {
        var done = new List<byte[]>();
        _pending.AddRange(input.ToArray());
        while (!Complete && Error is null)
        {
            var eol = IndexOfCrlf();
            if (eol < 0) break;
            var line = System.Text.Encoding.ASCII.GetString([.. _pending.GetRange(0, eol)]);
            if (_trailer)
            {
                _pending.RemoveRange(0, eol + 2);
                if (line.Length == 0) Complete = true;
                continue;
            }
            var hex = line.Split(';')[0].Trim();
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0 || size > int.MaxValue)
            {
                Error = $"bad chunk size line '{line}'";
                break;
            }
            if (size == 0)
            {
                _pending.RemoveRange(0, eol + 2);
                _trailer = true;
                continue;
            }
            var need = eol + 2 + (int)size + 2;
            if (_pending.Count < need) break;
            if (_pending[need - 2] != '\r' || _pending[need - 1] != '\n')
            {
                Error = $"chunk of {size} bytes is not followed by CRLF";
                break;
            }
            done.Add([.. _pending.GetRange(eol + 2, (int)size)]);
            _pending.RemoveRange(0, need);
        }
        return done;
    }

    private int IndexOfCrlf()
    {
        for (var i = 0; i + 1 < _pending.Count; i++)
            if (_pending[i] == '\r' && _pending[i + 1] == '\n') return i;
        return -1;
    }
}
