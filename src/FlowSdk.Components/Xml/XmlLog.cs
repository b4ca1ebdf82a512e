using Microsoft.Extensions.Logging;

namespace FlowSdk.Components.Xml;

/// <summary>The XML components' log messages (event ids 7100–7199). Values are never logged: they may be personal data.</summary>
internal static partial class XmlLog
{
    [LoggerMessage(7101, LogLevel.Warning, "XML record {Record} <{Element}> (line {Line}) skipped: {Where}")]
    public static partial void BadXmlRecord(ILogger logger, long record, string element, int line, string where);

    [LoggerMessage(7102, LogLevel.Information, "XSLT stylesheet {Name} compiled from {Path} in {ElapsedMilliseconds} ms")]
    public static partial void StylesheetCompiled(ILogger logger, string name, string path, double elapsedMilliseconds);
}
