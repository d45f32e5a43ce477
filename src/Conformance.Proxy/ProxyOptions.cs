namespace Conformance.Proxy;

/// <summary>Options of <c>conformance proxy</c>: either an external proxy (<see cref="ProxyUrl"/> + <see cref="UpstreamPort"/>) or one the harness starts (<see cref="ProxyCommand"/>).</summary>
public sealed record ProxyOptions
{
    /// <summary>A proxy the user runs, forwarding to the mock on <see cref="UpstreamPort"/>.</summary>
    public Uri? ProxyUrl { get; init; }
    /// <summary>The port the mock upstream listens on (required with <see cref="ProxyUrl"/>; 0 = free with <see cref="ProxyCommand"/>).</summary>
    public int? UpstreamPort { get; init; }
    /// <summary>A command with {upstream} and {port} placeholders; the harness starts and stops it.</summary>
    public string? ProxyCommand { get; init; }
    /// <summary>Label in the report.</summary>
    public string? Name { get; init; }
    /// <summary>How often a case whose timing rule failed is run; the best attempt counts (see <see cref="ProxyRunner.TimingAttempts"/>). 1 = strict.</summary>
    public int TimingAttempts { get; init; } = ProxyRunner.DefaultTimingAttempts;

    /// <summary>Every problem with the combination, not just the first.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ProxyUrl is null == ProxyCommand is null) errors.Add("give exactly one of --proxy-url or --proxy-cmd");
        if (ProxyUrl is not null && UpstreamPort is null or 0) errors.Add("--proxy-url needs --upstream-port (the port your proxy forwards to)");
        if (ProxyUrl is not null && !ProxyUrl.IsLoopback) errors.Add($"--proxy-url must be a loopback address, got {ProxyUrl}");
        if (ProxyCommand is not null && !ProxyCommand.Contains("{port}", StringComparison.Ordinal)) errors.Add("--proxy-cmd needs a {port} placeholder (where the proxy listens)");
        if (ProxyCommand is not null && !ProxyCommand.Contains("{upstream}", StringComparison.Ordinal)) errors.Add("--proxy-cmd needs an {upstream} placeholder (the mock's port)");
        if (TimingAttempts < 1) errors.Add($"--timing-attempts must be at least 1 (1 = strict, no re-measuring), got {TimingAttempts}");
        if (UpstreamPort is < 0 or > 65535) errors.Add($"--upstream-port out of range: {UpstreamPort}");
        return errors;
    }
}
