using System.Runtime.CompilerServices;
using CsvHelper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowSdk.Components.Records;

/// <summary>
/// Streams CSV/TSV files into typed records and records into files, with CsvHelper. The record type is a
/// <c>[CsvRecord] partial</c> class, struct or record: CsvHelper's source generator writes its mapper at compile time
/// (columns matched to members by header name, then case-insensitively; <c>[CsvColumn]</c> renames), so there is no
/// reflection and the type is trimming and native-AOT safe. A row that does not fit (a value that does not parse, a
/// wrong number of columns) is reported as a <see cref="CsvBadRow"/> and skipped; the rest of the file goes on.
/// </summary>
public sealed class CsvRecords
{
    private readonly ILogger _logger;

    /// <summary>Creates the component; bad rows are logged to <paramref name="logger"/> when one is given.</summary>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    public CsvRecords(ILogger<CsvRecords>? logger = null) => _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Reads the rows of <paramref name="stream"/> as <typeparamref name="T"/>, as they stream in.</summary>
    /// <typeparam name="T">A <c>[CsvRecord]</c> type.</typeparam>
    /// <param name="stream">The file (UTF-8, or any encoding with a byte order mark); read to its end, not disposed.</param>
    /// <param name="options">The instance's separator, culture and header settings.</param>
    /// <param name="onBadRow">Told about each row that is skipped; <see langword="null"/> to only log it.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The good rows, in file order.</returns>
    /// <exception cref="CsvFormatException">The header lacks a column that <typeparamref name="T"/> requires.</exception>
    public IAsyncEnumerable<T> ReadAsync<T>(Stream stream, CsvOptions options, Action<CsvBadRow>? onBadRow = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        return ReadIterator<T>(stream, options, onBadRow, cancellationToken);
    }

    /// <summary>Writes <paramref name="records"/> (a header first, when the options have one) to <paramref name="stream"/>, left open.</summary>
    /// <typeparam name="T">A <c>[CsvRecord]</c> type.</typeparam>
    /// <param name="stream">Where the UTF-8 text goes.</param>
    /// <param name="records">The records, enumerated once.</param>
    /// <param name="options">The instance's separator, culture and header settings.</param>
    /// <param name="cancellationToken">Cancels enumerating and writing.</param>
    /// <returns>A task that completes when every record has been written and the stream flushed.</returns>
    public async Task WriteAsync<T>(Stream stream, IAsyncEnumerable<T> records, CsvOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        var writer = CsvWriter.Create(stream, WriterOptions(options), leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteRecordsAsync(records, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="records"/> (a header first, when the options have one) to <paramref name="stream"/>, left open.</summary>
    /// <typeparam name="T">A <c>[CsvRecord]</c> type.</typeparam>
    /// <param name="stream">Where the UTF-8 text goes.</param>
    /// <param name="records">The records, enumerated once.</param>
    /// <param name="options">The instance's separator, culture and header settings.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>A task that completes when every record has been written and the stream flushed.</returns>
    public async Task WriteAsync<T>(Stream stream, IEnumerable<T> records, CsvOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        var writer = CsvWriter.Create(stream, WriterOptions(options), leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteRecordsAsync(records, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<T> ReadIterator<T>(Stream stream, CsvOptions options, Action<CsvBadRow>? onBadRow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var report = new BadRowReport(this, onBadRow, options.HasHeader);
        var reader = CsvReader.Create(stream, ReaderOptions(options, report), leaveOpen: true);
        report.Reader = reader;
        await using (reader.ConfigureAwait(false))
        {
            await foreach (var record in reader.GetRecordsAsync<T>(cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    private static CsvReaderOptions ReaderOptions(CsvOptions options, BadRowReport report) => CsvReaderOptions.Default with
    {
        Separator = options.Separator,
        HasHeader = options.HasHeader,
        FormatProvider = options.FormatProvider,
        TrimWhitespace = options.TrimWhitespace,
        TrackLineNumbers = options.TrackLineNumbers,
        // Values stay out of exception messages (they reach logs); the report carries the value on its own.
        IncludeValuesInExceptions = false,
        // A row with too few or too many columns is skipped and reported, not padded with empty values.
        FieldCountMismatch = CsvFieldCountHandling.Skip,
        OnMalformedRecord = report.Malformed,
        OnRecordError = report.RecordError,
    };

    private static CsvWriterOptions WriterOptions(CsvOptions options) => CsvWriterOptions.Default with
    {
        Separator = options.Separator,
        HasHeader = options.HasHeader,
        FormatProvider = options.FormatProvider,
    };

    private void Report(Action<CsvBadRow>? onBadRow, CsvBadRow bad)
    {
        RecordsLog.BadCsvRow(_logger, bad.Row, bad.Line, bad.Column, bad.Reason);
        onBadRow?.Invoke(bad);
    }

    /// <summary>Turns CsvHelper's two callbacks into <see cref="CsvBadRow"/>s; one per read, holding its reader.</summary>
    private sealed class BadRowReport(CsvRecords owner, Action<CsvBadRow>? onBadRow, bool hasHeader)
    {
        public CsvReader? Reader { get; set; }

        public void Malformed(CsvMalformedRecord record)
        {
            if (!record.Skipped)
            {
                return; // Quoting that CsvHelper recovered from ("ab"c reads as abc): the row is read, nothing to report.
            }

            var reason = record.Reason == CsvMalformedReason.FieldCountMismatch
                ? $"wrong number of columns: expected {Reader?.Headers.Count}"
                : "malformed quoting: " + record.Reason;
            owner.Report(onBadRow, new CsvBadRow(record.RecordNumber - (hasHeader ? 1 : 0), record.LineNumber, null, null, reason));
        }

        public bool RecordError(CsvRecordError error)
        {
            var failure = error.Exception as CsvFormatException;
            var field = failure?.FieldIndex ?? -1;
            string? column = null, value = null;
            if (field >= 0 && Reader is { } reader)
            {
                column = reader.Headers.Count > field ? reader.Headers[field] : field.ToString(System.Globalization.CultureInfo.InvariantCulture);
                value = field < reader.FieldCount ? reader.GetString(field) : null;
            }

            var cause = error.Exception.InnerException ?? error.Exception;
            owner.Report(onBadRow, new CsvBadRow(error.RowNumber, failure?.LineNumber ?? 0, column ?? failure?.Member, value, cause.Message));
            return true; // skip the row and go on
        }
    }
}
