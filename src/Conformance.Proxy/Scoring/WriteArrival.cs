namespace Conformance.Proxy.Scoring;

/// <summary>
/// One upstream write set against the downstream: when the mock wrote it and when its last byte
/// reached the probe, both in ms from the upstream request's arrival (one timeline).
/// </summary>
public sealed record WriteArrival(int Index, int Offset, int Length, double UpstreamAtMs, double? DownstreamAtMs, bool IsHeartbeat)
{
    /// <summary>Downstream minus upstream; null when the bytes never arrived.</summary>
    public double? LagMs => DownstreamAtMs is { } d ? Math.Round(d - UpstreamAtMs, 1) : null;
}
