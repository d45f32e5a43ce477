namespace Conformance.Server.Hosting;

/// <summary>How a request forwarded to WireMock went: the status it answered, and whether a mapping matched (false: nothing was relayed).</summary>
public readonly record struct ForwardResult(int Status, bool Matched);
