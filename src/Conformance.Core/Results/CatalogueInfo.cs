namespace Conformance.Core.Results;

/// <summary>
/// The scenario and rule catalogues a run was scored on: <see cref="Hash"/> (<c>sha256:</c> over every file's relative path
/// and bytes, <see cref="CatalogueHash"/>) tells two runs on the same catalogue apart from two on different ones.
/// </summary>
public sealed record CatalogueInfo(string Hash, int Scenarios, int Rules);
