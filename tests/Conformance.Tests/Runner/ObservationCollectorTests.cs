using Conformance.Core.Observations;
using Conformance.Runner.Clients;

namespace Conformance.Tests.Runner;

/// <summary>The contract's ordering rules and the diagnosis of a stdout cut off mid-line (docs/adapter-protocol.md).</summary>
[TestFixture]
public sealed class ObservationCollectorTests
{
    private const string CutChunk = """{"type":"chunk","data":{"choices":[{"delta":{"content":"xxxx""";

    [Test]
    public void CutOffObject_AtAPipePageMultiple_IsDiagnosedAsAnExitBeforeTheOutputDrained()
    {
        var c = new ObservationCollector();
        c.AddUnterminatedLine(CutChunk, 65536, 66173, 1, killed: false);

        Assert.That(c.Faults, Is.EqualTo(new[]
        {
            "stdout ended in the middle of a line: the last line stops after 65536 bytes (64 KiB), a multiple of the 4096-byte pipe page, "
            + "without the end of its JSON or a newline, when the adapter exited. The adapter most likely exited before its output drained "
            + "(node: process.exit() right after process.stdout.write drops what the pipe has not taken yet). "
            + "Fix: end with process.stdout.write(\"\", () => process.exit(0)), or set process.exitCode and return (docs/adapter-protocol.md, Pitfalls)",
        }));
        Assert.That(c.Observations, Is.Empty);
    }

    [Test]
    public void CutOffObject_WhereAllOfStdoutIsAPageMultiple_MentionsThePipe()
    {
        // The line started mid-page (small lines before it): the cut is on a page boundary of the whole output.
        var c = new ObservationCollector();
        c.AddUnterminatedLine(CutChunk, 65000, 8 * 4096 * 2, 1, killed: false);
        Assert.That(c.Faults.Single(), Does.Contain("after 65000 bytes, a multiple of the 4096-byte pipe page,"));
    }

    [Test]
    public void CutOffObject_OffThePipeBoundaries_IsStillACutLine_WithoutThePipeRemark()
    {
        var c = new ObservationCollector();
        c.AddUnterminatedLine(CutChunk, 5000, 5000, 1, killed: false);
        Assert.That(c.Faults.Single(), Does.StartWith("stdout ended in the middle of a line: the last line stops after 5000 bytes without the end"));
        Assert.That(c.Faults.Single(), Does.Not.Contain("pipe page"));
    }

    [Test]
    public void CutOffObject_WhenTheRunnerKilledTheClient_BlamesTheKill()
    {
        var c = new ObservationCollector();
        c.AddUnterminatedLine(CutChunk, 65536, 65536, 1, killed: true);
        Assert.That(c.Faults.Single(), Is.EqualTo("stdout was cut off in the middle of a line when the client was killed: the last line stops after 65536 bytes, before the end of its JSON"));
    }

    [TestCase("hello", TestName = "Unterminated_Garbage_IsNotJson")]
    [TestCase("[1,2", TestName = "Unterminated_CutArray_IsNotAnObservationPrefix")]
    [TestCase("{\"type\":\"end\"}}", TestName = "Unterminated_CompleteObjectThenJunk_IsNotJson")]
    [TestCase("{\"type\" \"end\"", TestName = "Unterminated_BrokenObject_IsNotJson")]
    public void Unterminated_LineThatIsNotACutObject_IsThePlainFault(string line)
    {
        var c = new ObservationCollector();
        c.AddUnterminatedLine(line, 65536, 65536, 1, killed: false);
        Assert.That(c.Faults.Single(), Does.StartWith("stdout line is not JSON"));
    }

    [Test]
    public void Unterminated_CompleteObservation_IsAccepted()
    {
        var c = new ObservationCollector();
        c.AddUnterminatedLine("""{"type":"end","reason":"eof"}""", 29, 29, 3, killed: false);
        Assert.That(c.Faults, Is.Empty);
        Assert.That(c.FinalFaults(), Is.Empty);
        Assert.That(c.Observations.Single(), Is.EqualTo(new EndObservation("eof") { AtMs = 3 }));
    }

    [Test]
    public void Unterminated_UnknownType_IsThatFault_NotACut()
    {
        var c = new ObservationCollector();
        c.AddUnterminatedLine("""{"type":"delta"}""", 16, 16, 1, killed: false);
        Assert.That(c.Faults.Single(), Does.StartWith("unknown observation type"));
    }

    [TestCase("{\"type\":\"chunk\",\"data\":{\"a\":\"\u00e9", TestName = "IsCutOffObject_InsideAString")]
    [TestCase("{\"type\":\"chunk\",\"data\":{\"a\":\"x\\", TestName = "IsCutOffObject_AfterABackslash")]
    [TestCase("{\"type\":\"chunk\",\"data\":{\"n\":12", TestName = "IsCutOffObject_InsideANumber")]
    [TestCase("{\"type\":\"chunk\",\"data\":{\"a\":tr", TestName = "IsCutOffObject_InsideALiteral")]
    [TestCase("{", TestName = "IsCutOffObject_JustTheBrace")]
    [TestCase("  {\"type\":", TestName = "IsCutOffObject_AfterLeadingSpace")]
    public void IsCutOffObject_ThePrefixOfAnObject_IsCut(string line)
    {
        Assert.That(ObservationParser.IsCutOffObject(line), Is.True);
    }

    [TestCase("", TestName = "IsCutOffObject_Empty_IsNot")]
    [TestCase("12", TestName = "IsCutOffObject_ANumber_IsNot")]
    [TestCase("{\"a\":1}", TestName = "IsCutOffObject_ACompleteObject_IsNot")]
    [TestCase("{\"a\":1}{", TestName = "IsCutOffObject_ACompleteObjectThenMore_IsNot")]
    [TestCase("{\"a\" 1", TestName = "IsCutOffObject_AnInvalidPrefix_IsNot")]
    [TestCase("Traceback (most recent call last):", TestName = "IsCutOffObject_AStackTrace_IsNot")]
    public void IsCutOffObject_AnythingElse_IsNot(string line)
    {
        Assert.That(ObservationParser.IsCutOffObject(line), Is.False);
    }

    [Test]
    public void ObservationAfterTheFinalOne_IsAFault()
    {
        var c = new ObservationCollector();
        c.AddLine("""{"type":"end","reason":"eof"}""", 1);
        c.AddLine("""{"type":"chunk","data":{}}""", 2);
        Assert.That(c.Faults, Is.EqualTo(new[] { "observation after the final end/error: chunk" }));
    }

    [Test]
    public void BlankLines_AreNotObservations()
    {
        var c = new ObservationCollector();
        c.AddLine("", 1);
        c.AddLine("   ", 1);
        Assert.That(c.Faults, Is.Empty);
        Assert.That(c.FinalFaults(), Is.EqualTo(new[] { "no final end or error observation" }));
    }
}
