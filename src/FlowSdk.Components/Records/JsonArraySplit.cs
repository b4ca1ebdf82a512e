using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowSdk.Components.Records;

/// <summary>
/// Splits a JSON array into its elements as they stream in. Unlike <c>JsonSerializer.DeserializeAsyncEnumerable</c>,
/// an element that does not fit the record type is reported and skipped, and the rest of the array goes on; JSON that is
/// not well formed still ends the split with a <see cref="JsonException"/>, since the end of the element is unknown.
/// </summary>
public sealed class JsonArraySplit
{
    private const int InitialBufferSize = 16 * 1024;
    private readonly ILogger _logger;

    /// <summary>Creates the split; bad elements are logged to <paramref name="logger"/> when one is given.</summary>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    public JsonArraySplit(ILogger<JsonArraySplit>? logger = null) => _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Reads the elements of the JSON array in <paramref name="stream"/> as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="stream">The UTF-8 JSON; read to its end, not disposed.</param>
    /// <param name="typeInfo">The element's metadata, from a <c>JsonSerializerContext</c> (trimming and AOT safe).</param>
    /// <param name="onBadElement">Told about each element that cannot be read (or is <c>null</c>); it is then skipped.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The elements, in order.</returns>
    public IAsyncEnumerable<T> ReadAsync<T>(Stream stream, JsonTypeInfo<T> typeInfo, Action<JsonBadElement>? onBadElement = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return ReadIterator(stream, typeInfo, onBadElement, cancellationToken);
    }

    private async IAsyncEnumerable<T> ReadIterator<T>(Stream stream, JsonTypeInfo<T> typeInfo, Action<JsonBadElement>? onBadElement, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var scanner = new ArrayScanner();
            int start = 0, end = 0;
            var final = false;
            while (true)
            {
                var step = scanner.Next(buffer.AsSpan(start, end - start), final, out var elementStart, out var elementLength, out var consumed);
                start += consumed;
                if (step == ScanStep.End)
                {
                    yield break;
                }

                if (step == ScanStep.Element)
                {
                    if (TryDeserialize(buffer.AsSpan(start + elementStart - consumed, elementLength), typeInfo, scanner.Elements, out var item, out var bad))
                    {
                        yield return item;
                    }
                    else
                    {
                        RecordsLog.BadJsonElement(_logger, bad.Element, bad.Path, bad.Reason);
                        onBadElement?.Invoke(bad);
                    }

                    continue;
                }

                if (final)
                {
                    throw new JsonException($"The JSON array ends before its closing ']' (after element {scanner.Elements}).");
                }

                // Need more input: keep the unread tail at the front, grow when one element fills the whole buffer.
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                end += read;
                final = read == 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryDeserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, long element, out T item, out JsonBadElement bad)
    {
        try
        {
            item = JsonSerializer.Deserialize(json, typeInfo)!;
            if (item is not null)
            {
                bad = null!;
                return true;
            }

            bad = new JsonBadElement(element, "$", "the element is null");
        }
        catch (JsonException e)
        {
            // Only the first line: System.Text.Json appends path and position, which the report carries on its own.
            bad = new JsonBadElement(element, e.Path, FirstSentence(e.Message));
        }

        item = default!;
        return false;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private enum ScanStep { NeedMore, Element, End }

    /// <summary>Finds the byte range of each top-level element, validating the array's punctuation between them.</summary>
    private struct ArrayScanner
    {
        private int _state; // 0: before '[', 1: first element or ']', 2: ',' or ']', 3: an element after ','

        public long Elements { get; private set; }

        public ScanStep Next(ReadOnlySpan<byte> data, bool final, out int elementStart, out int elementLength, out int consumed)
        {
            elementStart = elementLength = 0;
            var i = 0;
            while (true)
            {
                if (_state == 0 && Elements == 0 && data[i..].StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    i += 3;
                }

                while (i < data.Length && data[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    i++;
                }

                consumed = i;
                if (i == data.Length)
                {
                    return ScanStep.NeedMore;
                }

                var b = data[i];
                switch (_state)
                {
                    case 0 when b == '[':
                        _state = 1;
                        i++;
                        continue;
                    case 0:
                        throw new JsonException("The input is not a JSON array: it does not start with '['.");
                    case 1 when b == ']':
                    case 2 when b == ']':
                        consumed = i + 1;
                        return ScanStep.End;
                    case 2 when b == ',':
                        _state = 3;
                        i++;
                        continue;
                    case 2:
                        throw new JsonException($"Expected ',' or ']' after element {Elements} of the JSON array.");
                }

                // An element starts at i: it is complete once the reader can skip over it.
                var reader = new Utf8JsonReader(data[i..], isFinalBlock: final, state: default);
                try
                {
                    if (!reader.Read() || !reader.TrySkip())
                    {
                        return ScanStep.NeedMore;
                    }
                }
                catch (JsonException e)
                {
                    throw new JsonException($"Element {Elements + 1} of the JSON array is not well-formed JSON: {e.Message}", e);
                }

                Elements++;
                _state = 2;
                elementStart = i;
                elementLength = (int)reader.BytesConsumed;
                consumed = i + elementLength;
                return ScanStep.Element;
            }
        }
    }
}
