using Conformance.Core.Wire;

namespace Conformance.Lint.Recording;

/// <summary>The scenario language's spelling of framings and ends (docs/scenario-language.md).</summary>
internal static class ScenarioNames
{
    public static string Framing(BodyFraming f) => f switch
    {
        BodyFraming.Chunked => "chunked",
        BodyFraming.ContentLength => "content-length",
        BodyFraming.CloseDelimited => "close-delimited",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static string End(EndKind e) => e switch
    {
        EndKind.Clean => "clean",
        EndKind.HoldOpen => "hold-open",
        EndKind.Fin => "fin",
        EndKind.Reset => "reset",
        EndKind.Stall => "stall",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };
}
