using System.Globalization;

namespace FlowSdk.Components.Records;

/// <summary>
/// How one flow instance's CSV or TSV files look. Plain settable properties, so an instance's configuration binds to
/// it (<c>{ "Separator": ";", "Culture": "de-DE" }</c>); build one per instance and reuse it for every file.
/// </summary>
public sealed class CsvOptions
{
    /// <summary>Comma-separated, invariant culture, with a header row.</summary>
    public static CsvOptions Csv => new();

    /// <summary>Tab-separated, invariant culture, with a header row.</summary>
    public static CsvOptions Tsv => new() { Separator = '\t' };

    /// <summary>The field separator (an ASCII character). Default: <c>,</c>.</summary>
    public char Separator { get; set; } = ',';

    /// <summary>The culture name for numbers and dates (<c>de-DE</c> reads <c>1,5</c> as 1.5); empty for the invariant culture.</summary>
    public string Culture { get; set; } = "";

    /// <summary>Whether the first line names the columns. With a header, columns are matched to members by name; without, by <c>[CsvColumn(Index = n)]</c>. Default: true.</summary>
    public bool HasHeader { get; set; } = true;

    /// <summary>Whether spaces and tabs around unquoted values are removed. Default: false.</summary>
    public bool TrimWhitespace { get; set; }

    /// <summary>
    /// Whether rows are counted by line too, so a bad row's <see cref="CsvBadRow.Line"/> is known. Counting costs a
    /// little on every row. Default: true.
    /// </summary>
    public bool TrackLineNumbers { get; set; } = true;

    internal IFormatProvider FormatProvider => Culture.Length == 0 ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(Culture);
}
