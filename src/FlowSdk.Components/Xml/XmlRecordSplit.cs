using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowSdk.Components.Xml;

/// <summary>
/// Splits a large XML document into its record elements as it streams in, each read as a <c>T</c> with
/// <see cref="System.Xml.Serialization.XmlSerializer"/>; the document is never held whole. A record whose values do not
/// fit <c>T</c> (a date that is not a date) is reported and skipped, and the split goes on; a document that is not
/// well-formed XML ends the split with an <see cref="XmlException"/> naming the line, since nothing after it can be trusted.
/// </summary>
public sealed class XmlRecordSplit
{
    private readonly ILogger _logger;

    /// <summary>Creates the split; bad records are logged to <paramref name="logger"/> when one is given.</summary>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    public XmlRecordSplit(ILogger<XmlRecordSplit>? logger = null) => _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Reads every element that <paramref name="options"/> names as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="stream">The XML document; read to its end, not disposed. DTDs are refused.</param>
    /// <param name="options">The record element's name and namespace.</param>
    /// <param name="onBadRecord">Told about each record that cannot be read; it is then skipped.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The records, in document order.</returns>
    [RequiresUnreferencedCode(XmlMapper.TrimMessage)]
    [RequiresDynamicCode(XmlMapper.AotMessage)]
    public IAsyncEnumerable<T> ReadAsync<T>(Stream stream, XmlSplitOptions options, Action<XmlBadRecord>? onBadRecord = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ElementName);
        return ReadIterator<T>(stream, options.ElementName, options.Namespace, onBadRecord, cancellationToken);
    }

    [RequiresUnreferencedCode(XmlMapper.TrimMessage)]
    [RequiresDynamicCode(XmlMapper.AotMessage)]
    private async IAsyncEnumerable<T> ReadIterator<T>(Stream stream, string elementName, string? ns, Action<XmlBadRecord>? onBadRecord, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = XmlReader.Create(stream, XmlMapper.SafeReaderSettings(async: true));
        // Atomized once: the name test per node is then a reference comparison.
        var name = reader.NameTable.Add(elementName);
        long record = 0;
        var moved = await reader.ReadAsync().ConfigureAwait(false);
        while (moved)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element || !ReferenceEquals(reader.LocalName, name) || (ns is not null && reader.NamespaceURI != ns))
            {
                moved = await reader.ReadAsync().ConfigureAwait(false);
                continue;
            }

            record++;
            var (line, position) = reader is IXmlLineInfo info ? (info.LineNumber, info.LinePosition) : (0, 0);
            if (TryRead<T>(reader, elementName, reader.NamespaceURI, out var item, out var reason, out var where))
            {
                yield return item;
            }
            else
            {
                var bad = new XmlBadRecord(record, line, position, reason);
                XmlLog.BadXmlRecord(_logger, record, elementName, line, where);
                onBadRecord?.Invoke(bad);
            }

            // The reader now sits on the record's end tag (or on the next node, for an empty element).
            moved = reader.NodeType == XmlNodeType.EndElement || reader.IsEmptyElement
                ? await reader.ReadAsync().ConfigureAwait(false)
                : !reader.EOF;
        }
    }

    [RequiresUnreferencedCode(XmlMapper.TrimMessage)]
    [RequiresDynamicCode(XmlMapper.AotMessage)]
    private static bool TryRead<T>(XmlReader reader, string elementName, string ns, out T item, out string reason, out string where)
    {
        var serializer = XmlSerializerCache.Get(typeof(T), elementName, ns);
        // The subtree ends at the record's end tag; closing it leaves the outer reader there, even after a failure.
        // The record's own bytes are read synchronously: XmlSerializer has no async API.
        using var subtree = reader.ReadSubtree();
        try
        {
            item = (T)serializer.Deserialize(subtree)!;
            reason = where = "the element is empty";
            return item is not null;
        }
        catch (InvalidOperationException e) when (e.InnerException is not XmlException)
        {
            // "There is an error in XML document (3, 14)." + the cause ("The string 'soon' is not a valid AllXsd value.").
            // The log gets only the position (the cause may quote the value); the report gets both.
            where = e.Message;
            reason = e.InnerException is { } cause ? $"{e.Message} {cause.Message}" : e.Message;
            item = default!;
            return false;
        }
        catch (InvalidOperationException e) when (e.InnerException is XmlException malformed)
        {
            // Not well-formed: the reader cannot find the next record, so the split ends with the parser's own error.
            ExceptionDispatchInfo.Throw(malformed);
            throw;
        }
    }
}
