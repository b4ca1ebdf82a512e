namespace FlowSdk.Components.Records;

/// <summary>A CSV row that could not be read as the record type; it is skipped and the rows after it go on.</summary>
/// <param name="Row">
/// The 1-based number of the data row among the rows read so far, the header not counted (the first data row is 1).
/// Rows skipped for a wrong column count are not counted, so after one of those <see cref="Line"/> is the reliable locator.
/// </param>
/// <param name="Line">
/// The 1-based line of the file where the row starts, counting the header and every line break, also those inside
/// quoted fields (what an editor shows); 0 when <see cref="CsvOptions.TrackLineNumbers"/> is off.
/// </param>
/// <param name="Column">The header name (or the 0-based index, without a header) of the column that failed; <see langword="null"/> when the whole row is at fault.</param>
/// <param name="Value">The text that failed to parse; <see langword="null"/> when the whole row is at fault. Never logged.</param>
/// <param name="Reason">What went wrong: the parse error, or the wrong number of columns.</param>
public sealed record CsvBadRow(long Row, long Line, string? Column, string? Value, string Reason);
