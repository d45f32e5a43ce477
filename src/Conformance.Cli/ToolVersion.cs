using System.Reflection;
using Conformance.Core.Results;

namespace Conformance.Cli;

/// <summary>This build of the tool as results.json records it: the informational version, which carries the commit it was built from.</summary>
public static class ToolVersion
{
    public static ToolInfo Current { get; } = new("conformance",
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0");
}
