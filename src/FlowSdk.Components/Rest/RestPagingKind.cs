namespace FlowSdk.Components.Rest;

/// <summary>How a paginated REST resource hands out its next page.</summary>
public enum RestPagingKind
{
    /// <summary>One page: the response is all there is.</summary>
    None,

    /// <summary>The next page's URL is the <c>Link</c> header's <c>rel="next"</c> target (RFC 8288; GitHub, GitLab).</summary>
    LinkHeader,

    /// <summary>The page body names a cursor (<see cref="RestPaging.CursorPath"/>) sent back as a query parameter until it is empty.</summary>
    Cursor,

    /// <summary>Offset and limit query parameters, until a page comes back shorter than the limit.</summary>
    Offset,
}
