namespace FlowSdk.Components.Rest;

/// <summary>
/// How to page through a REST resource: where the items are in a page, and how the next page is asked for. Build one
/// with the factory methods; <see cref="ItemsPath"/> and <see cref="CursorPath"/> are dotted property paths
/// (<c>data.items</c>), matched exactly (case-sensitive, like the JSON).
/// </summary>
public sealed record RestPaging
{
    /// <summary>One page, whose body is a JSON array.</summary>
    public static RestPaging None { get; } = new();

    /// <summary>The paging kind.</summary>
    public RestPagingKind Kind { get; init; }

    /// <summary>The dotted path of the items array in a page, or null when the page body is the array itself.</summary>
    public string? ItemsPath { get; init; }

    /// <summary>The dotted path of the next cursor in a page (<see cref="RestPagingKind.Cursor"/>); null, empty or absent ends the paging.</summary>
    public string CursorPath { get; init; } = "next_cursor";

    /// <summary>The query parameter the cursor is sent back in.</summary>
    public string CursorParameter { get; init; } = "cursor";

    /// <summary>The query parameter of the offset (<see cref="RestPagingKind.Offset"/>), starting at 0.</summary>
    public string OffsetParameter { get; init; } = "offset";

    /// <summary>The query parameter of the page size (<see cref="RestPagingKind.Offset"/>; also sent with a cursor when set).</summary>
    public string? LimitParameter { get; init; } = "limit";

    /// <summary>The page size asked for.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>A guard against a server that pages forever (a cursor or link that never ends): more pages throw.</summary>
    public int MaxPages { get; init; } = 100_000;

    /// <summary>Follow <c>Link: &lt;…&gt;; rel="next"</c>; the items are the body array or the array at <paramref name="itemsPath"/>.</summary>
    public static RestPaging LinkHeader(string? itemsPath = null) => new() { Kind = RestPagingKind.LinkHeader, ItemsPath = itemsPath, LimitParameter = null };

    /// <summary>
    /// Send the cursor found at <paramref name="cursorPath"/> as query parameter <paramref name="cursorParameter"/>
    /// until it is empty; the items are at <paramref name="itemsPath"/>.
    /// </summary>
    public static RestPaging Cursor(string cursorPath, string cursorParameter = "cursor", string? itemsPath = "items")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cursorPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(cursorParameter);
        return new() { Kind = RestPagingKind.Cursor, CursorPath = cursorPath, CursorParameter = cursorParameter, ItemsPath = itemsPath, LimitParameter = null };
    }

    /// <summary>Ask for <paramref name="pageSize"/> items from offset 0 on, until a page is short; the items are the body array or at <paramref name="itemsPath"/>.</summary>
    public static RestPaging Offset(int pageSize = 100, string? itemsPath = null, string offsetParameter = "offset", string limitParameter = "limit")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        ArgumentException.ThrowIfNullOrWhiteSpace(offsetParameter);
        ArgumentException.ThrowIfNullOrWhiteSpace(limitParameter);
        return new() { Kind = RestPagingKind.Offset, PageSize = pageSize, ItemsPath = itemsPath, OffsetParameter = offsetParameter, LimitParameter = limitParameter };
    }
}
