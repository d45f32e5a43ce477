namespace Conformance.Core.Gating;

/// <summary>A known-failures file that cannot be used; <see cref="Errors"/> lists every problem with its location. The CLI maps it to exit 3.</summary>
public sealed class BaselineFormatException(string source, IReadOnlyList<string> errors)
    : Exception($"{source} is not a valid baseline:\n  " + string.Join("\n  ", errors))
{
    public string BaselinePath { get; } = source;
    public IReadOnlyList<string> Errors { get; } = errors;
}
