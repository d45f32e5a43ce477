namespace Conformance.Server.Http;

/// <summary>The bytes on the socket are not an HTTP/1.1 request we can answer; answered with 400 and a close.</summary>
public sealed class BadRequestException(string message) : Exception(message);
