using System.Globalization;
using System.Text;

namespace Conformance.Proxy.Probe;

/// <summary>
/// Incremental HTTP/1.1 chunked-body decoder: fed whatever bytes a read returned, it hands back the
/// payload bytes those reads completed, so each payload byte can be stamped with its arrival time.
/// </summary>
public sealed class ChunkedDecoder
{
    private enum State { Size, Data, DataCrlf, Trailer, Done }

    private State _state = State.Size;
    private long _remaining;
    private readonly StringBuilder _line = new();

    /// <summary>True once the terminating chunk and its trailers were read.</summary>
    public bool Complete => _state == State.Done;

    /// <summary>Set when the framing is invalid; the decoder stops there.</summary>
    public string? Error { get; private set; }

    /// <summary>Decodes <paramref name="input"/>, appending payload bytes to <paramref name="payload"/>. Returns how many input bytes were consumed (less than all only after the end or an error).</summary>
    public int Feed(ReadOnlySpan<byte> input, List<byte> payload)
    {
        var i = 0;
        while (i < input.Length && _state != State.Done && Error is null)
        {
            switch (_state)
            {
                case State.Size:
                case State.Trailer:
                case State.DataCrlf:
                {
                    var b = input[i++];
                    if (b != (byte)'\n') { if (b != (byte)'\r') _line.Append((char)b); continue; }
                    var line = _line.ToString();
                    _line.Clear();
                    if (_state == State.DataCrlf)
                    {
                        if (line.Length != 0) Error = $"expected CRLF after chunk data, got '{line}'";
                        _state = State.Size;
                    }
                    else if (_state == State.Trailer)
                    {
                        if (line.Length == 0) _state = State.Done;
                    }
                    else
                    {
                        var hex = line.Split(';')[0].Trim();
                        if (!long.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _remaining) || _remaining < 0)
                            Error = $"bad chunk size line '{line}'";
                        else _state = _remaining == 0 ? State.Trailer : State.Data;
                    }
                    break;
                }
                case State.Data:
                {
                    var n = (int)Math.Min(_remaining, input.Length - i);
                    for (var k = 0; k < n; k++) payload.Add(input[i + k]);
                    i += n;
                    _remaining -= n;
                    if (_remaining == 0) _state = State.DataCrlf;
                    break;
                }
            }
        }
        return i;
    }
}
