using System.Text;
using Conformance.Core.Sse;

namespace Conformance.Tests.Sse;

/// <summary>
/// The reference parser, clause by clause against the WHATWG HTML "event stream interpretation" algorithm
/// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation), plus the
/// dialect switches of <see cref="SseParseOptions"/>. Every expectation the harness scores against is derived
/// from this parser, so each step of the algorithm has its own test, quoting the step it proves.
/// </summary>
[TestFixture]
public sealed class SseReferenceParserTests
{
    private static readonly SseParseOptions Whatwg = SseParseOptions.Whatwg;
    private static readonly SseParseOptions LfOnly = Whatwg with { BareCrEndsLine = false };
    private static readonly SseParseOptions KeepBom = Whatwg with { SkipLeadingBom = false };
    private static readonly SseParseOptions Flush = Whatwg with { FlushTrailingEvent = true };
    private static readonly SseParseOptions LfOnlyFlush = LfOnly with { FlushTrailingEvent = true };

    private static SseParseResult Parse(string body, SseParseOptions? options = null) => Parse(Encoding.UTF8.GetBytes(body), options);

    private static SseParseResult Parse(byte[] body, SseParseOptions? options = null) => SseReferenceParser.Parse(body, options ?? Whatwg);

    private static string[] Data(SseParseResult r) => [.. r.Events.Select(e => e.Data)];

    private static int Bytes(string s) => Encoding.UTF8.GetByteCount(s);

    // ---- Reconnection state: the last event ID string and the reconnection time ---------------------------

    [Test]
    [Description("Set the last event ID string of the event source to the value of the last event ID buffer.")]
    public void LastEventIdAtDispatch_IsTheBufferAtTheLastBlankLine_DataOrNot()
    {
        Assert.That(Parse("id: 1\ndata: a\n\nid: 2\n\n").LastEventIdAtDispatch, Is.EqualTo("2"), "an id alone sets it at its blank line");
        Assert.That(Parse("id: 1\ndata: a\n\nid: 2\ndata: b\n").LastEventIdAtDispatch, Is.EqualTo("1"), "a cut event never dispatches");
        Assert.That(Parse("data: a\n\n").LastEventIdAtDispatch, Is.EqualTo(""), "dispatched with an empty buffer");
        Assert.That(Parse("data: a\n").LastEventIdAtDispatch, Is.Null, "no blank line: the string keeps its value");
    }

    [Test]
    public void AStartingBuffer_IsTheLastEventIdOfEventsWithoutId()
    {
        var r = SseReferenceParser.Parse(Encoding.UTF8.GetBytes("data: a\n\nid: 5\ndata: b\n\n"), Whatwg, lastEventId: "4");
        Assert.That(r.Events.Select(e => e.Id), Is.EqualTo(new[] { "4", "5" }));
    }

    [Test]
    [Description("If the field value consists of only ASCII digits, then interpret the field value as an integer in base ten, and set the event stream's reconnection time to that integer. Otherwise, ignore the field.")]
    public void Retry_OnlyAsciiDigits_SetTheReconnectionTime()
    {
        Assert.That(Parse("retry: 300\nretry: 20ms\nretry:  40\nretry: +5\nretry:\ndata: a\n\n").ReconnectionTimeMs, Is.EqualTo(300));
        Assert.That(Parse("retry: 300\ndata: a\n\nretry: 0150\n").ReconnectionTimeMs, Is.EqualTo(150), "at the field, not at a dispatch");
        Assert.That(Parse("retry: 99999999999999999999\n").ReconnectionTimeMs, Is.EqualTo(int.MaxValue));
        Assert.That(Parse("data: a\n\nretry: 7").ReconnectionTimeMs, Is.Null, "an unfinished last line is no field");
    }

    // ---- Line ends ---------------------------------------------------------------------------------------

    // "…with a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character pair, a single U+000A LINE FEED (LF)
    // character not preceded by a U+000D CARRIAGE RETURN (CR) character, and a single U+000D CARRIAGE RETURN (CR)
    // character not preceded or followed by a U+000A LINE FEED (LF) character being the ways in which a line can end."
    [TestCase("\r\n", TestName = "LineEnd_Crlf_EndsALine")]
    [TestCase("\n", TestName = "LineEnd_Lf_EndsALine")]
    [TestCase("\r", TestName = "LineEnd_BareCr_EndsALine")]
    public void LineEnd_EachOfTheThreeForms_EndsALine(string eol)
    {
        var r = Parse($"data: a{eol}data: b{eol}{eol}");
        Assert.That(Data(r), Is.EqualTo(new[] { "a\nb" }));
        Assert.That(r.UnterminatedTail, Is.False);
    }

    [Test]
    public void LineEnd_MixedInOneStream_EveryFormEndsALine()
    {
        // Same clause: the three forms may be mixed freely in one stream.
        Assert.That(Data(Parse("data: a\r\ndata: b\rdata: c\n\r\ndata: d\n\n")), Is.EqualTo(new[] { "a\nb\nc", "d" }));
    }

    [Test]
    public void LineEnd_CrCrLf_IsABareCrThenACrlf_SoABlankLine()
    {
        // "a single CR … not … followed by a LF" ends the first line; the CRLF after it is a blank line.
        var r = Parse("data: a\r\r\ndata: b\n\n");
        Assert.That(Data(r), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void LineEnd_LfCr_IsTwoLineEnds_SoABlankLine()
    {
        // "a single LF not preceded by a CR" then "a single CR not … followed by a LF": the CR is an empty line.
        Assert.That(Data(Parse("data: a\n\rdata: b\n\n")), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void LineEnd_CrlfIsOnePairNotTwoEnds_NoBlankLineBetween()
    {
        // "a CRLF character pair" is one line end: "data: a\r\ndata: b" is one event, not two.
        Assert.That(Data(Parse("data: a\r\ndata: b\r\n\r\n")), Is.EqualTo(new[] { "a\nb" }));
    }

    [Test]
    public void LineEnd_CrAsTheLastByte_EndsTheLine_AndCompletesTheEvent()
    {
        // A bare CR at the very end is "not followed by a LF" (nothing follows in a complete body): it ends the line,
        // so "\r\r" at EOF is a line end and a blank line, and the event is dispatched at the body's end.
        var body = "data: a\r\r";
        var r = Parse(body);
        Assert.That(r.Events, Is.EqualTo(new[] { new SseEvent("message", "a", null, Bytes(body)) }));
        Assert.That(r.UnterminatedTail, Is.False);
    }

    [Test]
    public void LineEnd_CrAsTheLastByte_EndsTheLineButNotTheEvent()
    {
        // The CR ends the data line, but no blank line follows: "If the file ends in the middle of an event, before the
        // final empty line, the incomplete event is not dispatched."
        var r = Parse("data: a\r");
        Assert.That(r.Events, Is.Empty);
        Assert.That(r.UnterminatedTail, Is.True);
    }

    [Test]
    public void LineEnd_CrAsTheLastByte_UnderFlush_TheLineIsCompleteAndItsEventFlushed()
    {
        var body = "data: a\r";
        Assert.That(Parse(body, Flush).Events, Is.EqualTo(new[] { new SseEvent("message", "a", null, Bytes(body)) }));
    }

    // ---- The bare-CR switch (profiles that only speak of LF / CRLF) -------------------------------------

    [Test]
    public void BareCrSwitchOff_LoneCrIsPartOfTheLine_CrlfAndLfStillEndLines()
    {
        // Profile switch BareCrEndsLine=false (Bastion: "events split on \n\n or \r\n\r\n"): a lone CR is content.
        var r = Parse("data: a\rb\r\ndata: c\n\r\n", LfOnly);
        Assert.That(Data(r), Is.EqualTo(new[] { "a\rb\nc" }));
    }

    [Test]
    public void BareCrSwitchOff_BareCrStream_NeverEndsALine_SoNothingIsDispatched()
    {
        var r = Parse("data: a\r\rdata: b\r\r", LfOnly);
        Assert.That(r.Events, Is.Empty);
        Assert.That(r.UnterminatedTail, Is.True);
    }

    [Test]
    public void BareCrSwitchOff_CrCrLf_TheFirstCrIsContent()
    {
        Assert.That(Data(Parse("data: a\r\r\n\n", LfOnly)), Is.EqualTo(new[] { "a\r" }));
    }

    [Test]
    public void BareCrSwitchOff_CrAsTheLastByte_IsAnUnfinishedLine()
    {
        // Without bare-CR line ends, a final CR may be the first half of a CRLF that never came: the line is unfinished.
        var r = Parse("data: a\n\ndata: b\r", LfOnly);
        Assert.That(Data(r), Is.EqualTo(new[] { "a" }));
        Assert.That(r.UnterminatedTail, Is.True);
    }

    [Test]
    public void BareCrSwitchOff_UnderFlush_AFinalCrIsTheStartOfAnUnfinishedCrlf_AndIsDropped()
    {
        var body = "data: a\r";
        Assert.That(Parse(body, LfOnlyFlush).Events, Is.EqualTo(new[] { new SseEvent("message", "a", null, Bytes(body)) }));
    }

    [Test]
    public void BareCrSwitchOff_UnderFlush_AFinalLoneCrAfterAnEvent_FlushesThatEvent_NeverThrows()
    {
        // The trailing bytes are a single CR (an unfinished CRLF): an empty unfinished line, not a field.
        // This used to index an empty line and throw from the harness.
        var body = "data: a\n\r";
        var r = Parse(body, LfOnlyFlush);
        Assert.That(r.Events, Is.EqualTo(new[] { new SseEvent("message", "a", null, Bytes(body)) }));
        Assert.That(r.UnterminatedTail, Is.True);
    }

    [Test]
    public void BareCrSwitchOff_UnderFlush_OnlyOneFinalCrIsTheUnfinishedCrlf_AnEarlierOneIsContent()
    {
        // Consistent with "data: a\r\r\n" (value "a\r"): only the CR that could start the missing CRLF is dropped.
        Assert.That(Data(Parse("data: a\r\r", LfOnlyFlush)), Is.EqualTo(new[] { "a\r" }));
    }

    // ---- Byte order mark -----------------------------------------------------------------------------------

    // "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present." (the UTF-8 decode step)
    [Test]
    public void Bom_OneLeadingBom_IsSkipped_AndCountsInTheOffsets()
    {
        var body = "\uFEFFdata: a\n\n";
        var r = Parse(body);
        Assert.That(r.Events, Is.EqualTo(new[] { new SseEvent("message", "a", null, Bytes(body)) { StartOffset = 3 } }), "the event starts after the BOM");
        Assert.That(r.Events[0].CompleteAtOffset, Is.EqualTo(3 + 9), "offsets are body bytes, BOM included");
    }

    [Test]
    public void Bom_OnlyOneIsSkipped_ASecondMakesTheFirstFieldNameUnknown()
    {
        // "One leading … BOM … must be ignored": a second one is a character of the first line, so the field is
        // "\uFEFFdata", an unknown field, and the event has no data.
        Assert.That(Parse("\uFEFF\uFEFFdata: a\n\ndata: b\n\n").Events.Select(e => e.Data), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Bom_NotAtTheStart_IsAnOrdinaryCharacter()
    {
        // Only a *leading* BOM is ignored: later ones stay in the line (here, in a field name and in a value).
        var r = Parse("data: a\n\n\uFEFFdata: b\n\ndata: \uFEFFc\n\n");
        Assert.That(Data(r), Is.EqualTo(new[] { "a", "\uFEFFc" }));
    }

    [Test]
    public void BomSwitchOff_TheLeadingBomStaysInTheFirstFieldName()
    {
        // Profile switch SkipLeadingBom=false: the BOM is a character, "\uFEFFdata" is an unknown field.
        var r = Parse("\uFEFFdata: a\n\ndata: b\n\n", KeepBom);
        Assert.That(Data(r), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void BomSwitchOff_ABomBeforeABlankLine_MakesNoEvent_AndNoFault()
    {
        var r = Parse("\uFEFF\ndata: a\n\n", KeepBom);
        Assert.That(Data(r), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Decode_InvalidUtf8_BecomesReplacementCharacters()
    {
        // "Streams must be decoded using the UTF-8 decode algorithm": invalid bytes decode to U+FFFD, never throw.
        byte[] body = [.. "data: "u8, 0xFF, 0xE3, 0x81, .. "\n\n"u8];
        Assert.That(Data(Parse(body)), Is.EqualTo(new[] { "\uFFFD\uFFFD" }));
    }

    // ---- Comments, fields, values --------------------------------------------------------------------------

    // "If the line starts with a U+003A COLON character (:) Ignore the line."
    [TestCase(": heartbeat\n", TestName = "Comment_WithText_IsIgnored")]
    [TestCase(":\n", TestName = "Comment_BareColon_IsIgnored")]
    [TestCase("::data: x\n", TestName = "Comment_ThatLooksLikeAField_IsIgnored")]
    public void Comment_LineStartingWithColon_IsIgnored_AndDoesNotEndTheEvent(string comment)
    {
        Assert.That(Data(Parse($"{comment}data: a\n{comment}data: b\n{comment}\n")), Is.EqualTo(new[] { "a\nb" }));
    }

    [Test]
    public void Comment_Alone_BetweenBlankLines_DispatchesNothing()
    {
        Assert.That(Parse(": ping\n\n: ping\n\n").Events, Is.Empty);
    }

    // "Otherwise, the string is not empty but does not contain a U+003A COLON character (:): Process the field using
    // the whole line as the field name, and the empty string as the field value."
    [Test]
    public void FieldWithoutColon_Data_AppendsAnEmptyValue_SoTheEventIsDispatchedWithEmptyData()
    {
        // data buffer = "" + "\n": not empty, so dispatched; the final LF is removed, leaving "".
        Assert.That(Parse("data\n\n").Events, Is.EqualTo(new[] { new SseEvent("message", "", null, 6) }));
    }

    [Test]
    public void FieldWithoutColon_TwoDataLines_GiveOneLf()
    {
        Assert.That(Data(Parse("data\ndata\n\n")), Is.EqualTo(new[] { "\n" }));
    }

    [Test]
    public void FieldWithoutColon_Event_SetsAnEmptyType_SoTheEventIsAMessage()
    {
        Assert.That(Parse("event: add\nevent\ndata: a\n\n").Events.Single().Type, Is.EqualTo("message"));
    }

    [Test]
    public void FieldWithoutColon_UnknownName_IsIgnored()
    {
        Assert.That(Data(Parse("data: a\nfoo bar\n\n")), Is.EqualTo(new[] { "a" }));
    }

    // "Collect the characters on the line before the first U+003A COLON character (:), and let field be that string.
    // Collect the characters on the line after the first U+003A COLON character (:), and let value be that string.
    // If value starts with a U+0020 SPACE character, remove it from value."
    [TestCase("data:a", "a", TestName = "Value_NoSpaceAfterColon_IsTakenAsIs")]
    [TestCase("data: a", "a", TestName = "Value_OneSpace_IsStripped")]
    [TestCase("data:  a", " a", TestName = "Value_TwoSpaces_OnlyTheFirstIsStripped")]
    [TestCase("data:\ta", "\ta", TestName = "Value_LeadingTab_IsKept")]
    [TestCase("data: a ", "a ", TestName = "Value_TrailingSpace_IsKept")]
    [TestCase("data: ", "", TestName = "Value_OnlyTheSpace_IsEmpty")]
    [TestCase("data: a:b: c", "a:b: c", TestName = "Value_SplitAtTheFirstColonOnly")]
    [TestCase("data: {\"a\": 1}", "{\"a\": 1}", TestName = "Value_JsonWithColons_IsWhole")]
    public void Value_ExactlyOneLeadingSpaceIsStripped(string line, string value)
    {
        Assert.That(Data(Parse(line + "\n\n")), Is.EqualTo(new[] { value }));
    }

    [TestCase("data : a", TestName = "FieldName_SpaceBeforeColon_IsPartOfTheName")]
    [TestCase(" data: a", TestName = "FieldName_LeadingSpace_IsPartOfTheName")]
    [TestCase("Data: a", TestName = "FieldName_IsCaseSensitive")]
    [TestCase("DATA: a", TestName = "FieldName_UpperCase_IsUnknown")]
    public void FieldName_IsTheExactTextBeforeTheColon(string line)
    {
        // "If the field name is "data"" compares the whole name, code point for code point: these are unknown fields.
        Assert.That(Parse(line + "\n\n").Events, Is.Empty);
    }

    [Test]
    public void Value_SpaceStrippingAppliesToEveryField_Event()
    {
        Assert.That(Parse("event:  add\ndata: a\n\n").Events.Single().Type, Is.EqualTo(" add"));
    }

    // ---- The data buffer -----------------------------------------------------------------------------------

    // "If the field name is "data": Append the field value to the data buffer, then append a single U+000A LINE FEED
    // (LF) character to the data buffer."  Dispatch: "If the data buffer's last character is a U+000A LINE FEED (LF)
    // character, then remove the last character from the data buffer."
    [Test]
    public void Data_SeveralLines_AreJoinedWithLf()
    {
        Assert.That(Data(Parse("data: a\ndata: b\ndata: c\n\n")), Is.EqualTo(new[] { "a\nb\nc" }));
    }

    [Test]
    public void Data_OnlyTheFinalLfIsRemoved()
    {
        Assert.That(Data(Parse("data: a\ndata:\n\n")), Is.EqualTo(new[] { "a\n" }));
        Assert.That(Data(Parse("data:\ndata:\ndata:\n\n")), Is.EqualTo(new[] { "\n\n" }));
    }

    [Test]
    public void Data_LinesAreJoinedWithLf_WhateverTheWireLineEnd()
    {
        Assert.That(Data(Parse("data: a\r\ndata: b\r\r")), Is.EqualTo(new[] { "a\nb" }));
    }

    [Test]
    public void Data_BufferIsResetAfterDispatch()
    {
        // Dispatch step: "Set the data buffer and the event type buffer to the empty string."
        Assert.That(Data(Parse("data: a\n\ndata: b\n\n")), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Data_ExtraBlankLines_DispatchNothingMore()
    {
        // "If the line is empty (a blank line) Dispatch the event": with an empty data buffer, nothing is dispatched.
        Assert.That(Data(Parse("\n\n\r\ndata: a\n\n\n\n\r\r")), Is.EqualTo(new[] { "a" }));
    }

    // ---- Event type ----------------------------------------------------------------------------------------

    // "If the field name is "event": Set the event type buffer to field value."  Dispatch: "Initialize event's type
    // attribute to "message" … If the event type buffer has a value other than the empty string, change the type of
    // the newly created event to equal the value of the event type buffer."
    [Test]
    public void Event_SetsTheType_DefaultIsMessage()
    {
        var r = Parse("event: add\ndata: a\n\ndata: b\n\n");
        Assert.That(r.Events.Select(e => e.Type), Is.EqualTo(new[] { "add", "message" }), "the type is reset after dispatch");
    }

    [Test]
    public void Event_LastOneWins_AndMayComeAfterTheData()
    {
        Assert.That(Parse("event: a\ndata: x\nevent: b\n\n").Events.Single().Type, Is.EqualTo("b"));
    }

    [Test]
    public void Event_EmptyValue_IsAMessage()
    {
        Assert.That(Parse("event:\ndata: x\n\n").Events.Single().Type, Is.EqualTo("message"));
    }

    [Test]
    public void Event_AloneBeforeABlankLine_IsNotDispatched_AndItsTypeDoesNotLeakIntoTheNextEvent()
    {
        // Dispatch step 2: "If the data buffer is an empty string, set the data buffer and the event type buffer to the
        // empty string and return." The type is reset even though nothing was dispatched.
        var r = Parse("event: ping\n\ndata: b\n\n");
        Assert.That(r.Events, Is.EqualTo(new[] { new SseEvent("message", "b", null, 22) { StartOffset = 13 } }));
    }

    // ---- Empty data buffer: no dispatch --------------------------------------------------------------------

    // "If the data buffer is an empty string, set the data buffer and the event type buffer to the empty string and return."
    [TestCase("event: x\n\n", TestName = "NoDispatch_EventAlone")]
    [TestCase("id: 7\n\n", TestName = "NoDispatch_IdAlone")]
    [TestCase("retry: 1000\n\n", TestName = "NoDispatch_RetryAlone")]
    [TestCase("foo: bar\n\n", TestName = "NoDispatch_UnknownFieldAlone")]
    [TestCase(": comment\n\n", TestName = "NoDispatch_CommentAlone")]
    [TestCase("event: x\nid: 1\nretry: 5\n\n", TestName = "NoDispatch_EveryNonDataFieldTogether")]
    [TestCase("\n\n\n", TestName = "NoDispatch_BlankLinesOnly")]
    [TestCase("", TestName = "NoDispatch_EmptyBody")]
    public void NoDispatch_WhenTheDataBufferIsEmpty(string body)
    {
        var r = Parse(body);
        Assert.That(r.Events, Is.Empty);
        Assert.That(r.UnterminatedTail, Is.False);
    }

    // ---- id / last event id --------------------------------------------------------------------------------

    // "If the field name is "id": If the field value does not contain U+0000 NULL, then set the last event ID buffer to
    // the field value. Otherwise, ignore the field."  Dispatch step 1: "The buffer does not get reset, so the last event
    // ID string of the event source remains set to this value until the next time it is set by the server."
    [Test]
    public void Id_IsTheEventsLastEventId()
    {
        Assert.That(Parse("id: 1\ndata: a\n\n").Events.Single().Id, Is.EqualTo("1"));
    }

    [Test]
    public void Id_BeforeAnyIdField_IsNull()
    {
        // The spec's initial last event ID is the empty string; the parser says null for "never set", so "id:" (set to
        // empty) stays distinguishable.
        Assert.That(Parse("data: a\n\n").Events.Single().Id, Is.Null);
    }

    [Test]
    public void Id_PersistsAcrossEvents_UntilTheServerSetsItAgain()
    {
        var r = Parse("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n");
        Assert.That(r.Events.Select(e => e.Id), Is.EqualTo(new[] { "1", "1", "2" }));
    }

    [Test]
    public void Id_AloneInAnUndispatchedEvent_StillSetsTheLastEventId()
    {
        Assert.That(Parse("id: 9\n\ndata: b\n\n").Events.Single().Id, Is.EqualTo("9"));
    }

    [Test]
    public void Id_EmptyValue_ResetsTheLastEventIdToEmpty()
    {
        var r = Parse("id: 1\ndata: a\n\nid\ndata: b\n\nid:\ndata: c\n\n");
        Assert.That(r.Events.Select(e => e.Id), Is.EqualTo(new[] { "1", "", "" }));
    }

    [Test]
    public void Id_ContainingNul_IsIgnored()
    {
        var r = Parse("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n");
        Assert.That(r.Events.Select(e => e.Id), Is.EqualTo(new[] { "1", "1" }));
    }

    // ---- retry and unknown fields --------------------------------------------------------------------------

    // "If the field name is "retry": If the field value consists of only ASCII digits, then … set the event stream's
    // reconnection time to that integer." The reference never reconnects, so retry affects no event.
    [TestCase("retry: 3000", TestName = "Retry_Digits_AffectsNoEvent")]
    [TestCase("retry: soon", TestName = "Retry_NotDigits_IsIgnored")]
    public void Retry_IsNotAnEventField(string line)
    {
        Assert.That(Parse($"{line}\ndata: a\n{line}\n\n").Events, Is.EqualTo(new[] { new SseEvent("message", "a", null, Bytes($"{line}\ndata: a\n{line}\n\n")) }));
    }

    // "Otherwise: The field is ignored."
    [Test]
    public void UnknownFields_AreIgnored()
    {
        Assert.That(Data(Parse("foo: bar\ndata: a\nx-custom: 1\nid2: 3\n\n")), Is.EqualTo(new[] { "a" }));
    }

    // ---- End of stream -------------------------------------------------------------------------------------

    // "Once the end of the file is reached, any pending data must be discarded. (If the file ends in the middle of an
    // event, before the final empty line, the incomplete event is not dispatched.)"
    [TestCase("data: a\n\ndata: b", TestName = "TrailingEvent_UnfinishedLine_IsDiscarded")]
    [TestCase("data: a\n\ndata: b\n", TestName = "TrailingEvent_NoBlankLine_IsDiscarded")]
    [TestCase("data: a\n\ndata: b\r\n", TestName = "TrailingEvent_CrlfButNoBlankLine_IsDiscarded")]
    public void TrailingEvent_WithoutItsBlankLine_IsDiscarded_AndReportedAsATail(string body)
    {
        var r = Parse(body);
        Assert.That(Data(r), Is.EqualTo(new[] { "a" }));
        Assert.That(r.UnterminatedTail, Is.True);
    }

    [Test]
    public void TrailingEvent_AnUnfinishedCommentOrFieldLine_IsATailToo()
    {
        Assert.That(Parse("data: a\n\n: ping").UnterminatedTail, Is.True);
    }

    [TestCase("data: a\n\ndata: b", TestName = "Flush_UnfinishedLine_IsDispatched")]
    [TestCase("data: a\n\ndata: b\n", TestName = "Flush_NoBlankLine_IsDispatched")]
    [TestCase("data: a\n\ndata: b\r\n", TestName = "Flush_CrlfButNoBlankLine_IsDispatched")]
    public void Flush_TrailingEvent_IsDispatchedAtTheBodysEnd(string body)
    {
        // Profile switch FlushTrailingEvent (Bastion: "A trailing event without a terminator is flushed at end-of-stream").
        var r = Parse(body, Flush);
        Assert.That(r.Events, Is.EqualTo(new[] { new SseEvent("message", "a", null, 9), new SseEvent("message", "b", null, Bytes(body)) { StartOffset = 9 } }));
        Assert.That(r.UnterminatedTail, Is.True, "the tail is still reported: a flushing profile dispatches it, others would not");
    }

    [Test]
    public void Flush_TrailingEvent_KeepsItsTypeAndId()
    {
        var body = "event: add\nid: 5\ndata: b";
        Assert.That(Parse(body, Flush).Events.Single(), Is.EqualTo(new SseEvent("add", "b", "5", Bytes(body))));
    }

    [TestCase("data: a\n\nevent: x", TestName = "Flush_TrailingEventFieldOnly_DispatchesNothing")]
    [TestCase("data: a\n\n: ping", TestName = "Flush_TrailingComment_DispatchesNothing")]
    [TestCase("data: a\n\nid: 3\n", TestName = "Flush_TrailingIdOnly_DispatchesNothing")]
    public void Flush_TrailingLinesWithoutData_DispatchNothing(string body)
    {
        Assert.That(Data(Parse(body, Flush)), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Flush_CompleteBody_ChangesNothing()
    {
        var body = "data: a\n\ndata: b\n\n";
        var (flushed, plain) = (Parse(body, Flush), Parse(body));
        Assert.That(flushed.Events, Is.EqualTo(plain.Events));
        Assert.That(flushed.UnterminatedTail, Is.False);
    }

    // ---- CompleteAtOffset ----------------------------------------------------------------------------------

    [Test]
    public void CompleteAtOffset_IsTheBodyOffsetJustPastTheBlankLine()
    {
        var r = Parse("data: a\n\n: c\n\ndata: bb\r\n\r\n\ndata: c\r\r");
        Assert.That(r.Events.Select(e => e.CompleteAtOffset), Is.EqualTo(new[] { 9, 9 + 5 + 12, 9 + 5 + 12 + 1 + 9 }));
    }

    [Test]
    public void CompleteAtOffset_CountsBytesNotCharacters()
    {
        // "é" is 2 bytes, "😀" 4: offsets are where the event is complete on the wire, for timing and split checks.
        var r = Parse("data: é\n\ndata: 😀\n\n");
        Assert.That(r.Events.Select(e => e.CompleteAtOffset), Is.EqualTo(new[] { 10, 10 + 12 }));
        Assert.That(Data(r), Is.EqualTo(new[] { "é", "😀" }));
    }

    [Test]
    public void CompleteAtOffset_UnderCrlf_IsPastTheSecondLf()
    {
        Assert.That(Parse("data: a\r\n\r\n").Events.Single().CompleteAtOffset, Is.EqualTo(11));
    }
}
