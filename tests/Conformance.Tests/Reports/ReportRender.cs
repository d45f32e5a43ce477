using System.Text;
using Conformance.Core.Reports;
using Conformance.Core.Results;

namespace Conformance.Tests.Reports;

internal static class ReportRender
{
    public static string Render(IReporter reporter, RunResult run)
    {
        using var ms = new MemoryStream();
        reporter.Write(run, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
