using Microsoft.Extensions.Logging;

namespace FlowSdk.Components.Records;

/// <summary>The records components' log messages (event ids 7001–7099). Values are never logged: they may be personal data.</summary>
internal static partial class RecordsLog
{
    [LoggerMessage(7001, LogLevel.Warning, "CSV row {Row} (line {Line}) skipped: column {Column}: {Reason}")]
    public static partial void BadCsvRow(ILogger logger, long row, long line, string? column, string reason);

    [LoggerMessage(7002, LogLevel.Warning, "JSON array element {Element} skipped at {Path}: {Reason}")]
    public static partial void BadJsonElement(ILogger logger, long element, string? path, string reason);
}
