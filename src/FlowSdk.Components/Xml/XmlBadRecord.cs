namespace FlowSdk.Components.Xml;

/// <summary>A record element that could not be read as the record type; the records after it go on.</summary>
/// <param name="Record">The 1-based position of the record among the matching elements.</param>
/// <param name="Line">The 1-based line where the record's element starts (0 when the reader keeps no line info).</param>
/// <param name="Position">The 1-based character position on that line.</param>
/// <param name="Reason">Why it could not be read: which element or attribute and what failed, from the serializer.</param>
public sealed record XmlBadRecord(long Record, int Line, int Position, string Reason);
