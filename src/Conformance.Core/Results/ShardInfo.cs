namespace Conformance.Core.Results;

/// <summary>Which part of a sharded run this is (<c>--shard 2/4</c>: <see cref="Index"/> 2 of <see cref="Count"/> 4, 1-based).</summary>
public sealed record ShardInfo(int Index, int Count)
{
    public override string ToString() => $"{Index}/{Count}";
}
