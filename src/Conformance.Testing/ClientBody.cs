namespace Conformance.Testing;

/// <summary>
/// The client under test for one case, in-process: what a process adapter does between its start and its exit
/// (docs/adapter-protocol.md). Send <see cref="CaseContext.RequestJson"/> to <see cref="CaseContext.BaseUrl"/>, report what
/// the client yields to <paramref name="sink"/> as it happens, and end with <see cref="ObservationSink.End"/> or
/// <see cref="ObservationSink.Error"/>. The client's own failures are observations (catch them and report an
/// <c>error</c>); an exception that escapes is a broken harness adapter, scored ADAPTER-ERROR with the exception.
/// </summary>
/// <param name="context">The case: base URL, request body, API key, timeouts, cancel-after, retries, reconnects.</param>
/// <param name="sink">Where the observations go.</param>
/// <param name="ct">Cancelled when the case times out (the case is then TIMEOUT) or the run is interrupted.</param>
public delegate Task ClientBody(CaseContext context, ObservationSink sink, CancellationToken ct);
