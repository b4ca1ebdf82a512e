using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Components.Rest;

/// <summary>
/// Reads one page in a single forward pass over its bytes: the items array (deserialized item by item with the
/// caller's metadata) and the next cursor, wherever their dotted paths put them; everything else is skipped unread.
/// </summary>
internal sealed class RestPageReader
{
    private readonly byte[][] _items;
    private readonly byte[][] _cursor;

    public RestPageReader(RestPaging paging)
    {
        _items = Split(paging.ItemsPath);
        _cursor = paging.Kind == RestPagingKind.Cursor ? Split(paging.CursorPath) : [];
    }

    /// <summary>Adds the page's items to <paramref name="items"/> and returns its cursor (null when there is none).</summary>
    public string? Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, List<T> items)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            if (_items.Length == 0)
            {
                ReadItems(ref reader, typeInfo, items);
            }

            return null;
        }

        string? cursor = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadObject(ref reader, 0, itemsPrefix: _items.Length > 0, cursorPrefix: _cursor.Length > 0, typeInfo, items, ref cursor);
        }

        return cursor;
    }

    private void ReadObject<T>(ref Utf8JsonReader reader, int depth, bool itemsPrefix, bool cursorPrefix, JsonTypeInfo<T> typeInfo, List<T> items, ref string? cursor)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var onItems = itemsPrefix && depth < _items.Length && reader.ValueTextEquals(_items[depth]);
            var onCursor = cursorPrefix && depth < _cursor.Length && reader.ValueTextEquals(_cursor[depth]);
            reader.Read();
            if (onItems && depth == _items.Length - 1 && reader.TokenType == JsonTokenType.StartArray)
            {
                ReadItems(ref reader, typeInfo, items);
            }
            else if (onCursor && depth == _cursor.Length - 1)
            {
                cursor = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
                reader.Skip();
            }
            else if ((onItems || onCursor) && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadObject(ref reader, depth + 1, onItems, onCursor, typeInfo, items, ref cursor);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadItems<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, List<T> items)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(JsonSerializer.Deserialize(ref reader, typeInfo)!);
        }
    }

    private static byte[][] Split(string? path) =>
        string.IsNullOrEmpty(path) ? [] : [.. path.Split('.').Select(Encoding.UTF8.GetBytes)];
}
