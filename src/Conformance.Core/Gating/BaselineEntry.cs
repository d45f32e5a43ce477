namespace Conformance.Core.Gating;

/// <summary>
/// One known failure: a case (scenario id) × rule expected to fail, with why. <see cref="Client"/> is
/// optional: null (omitted in the file) or "*" matches every client.
/// </summary>
public sealed record BaselineEntry
{
    public const string AnyClient = "*";

    public string? Client { get; init; }
    public required string Case { get; init; }
    public required string Rule { get; init; }
    public required string Reason { get; init; }

    public bool MatchesAnyClient => Client is null or AnyClient;

    public bool Matches(string client, string scenarioId, string ruleId) =>
        (MatchesAnyClient || string.Equals(Client, client, StringComparison.Ordinal))
        && string.Equals(Case, scenarioId, StringComparison.Ordinal)
        && string.Equals(Rule, ruleId, StringComparison.Ordinal);

    public override string ToString() => $"{(MatchesAnyClient ? AnyClient : Client)} {Case} › {Rule}";
}
