using System.Text;

namespace FlowSdk.Components.Rest;

/// <summary>Builds request URLs (path, query, paging and auth parameters) and masks credentials in them.</summary>
internal static class RestUri
{
    public const string Mask = "***";

    /// <summary>The URL of <paramref name="path"/> on <paramref name="baseAddress"/> (or <paramref name="path"/> itself when absolute).</summary>
    public static Uri Resolve(Uri baseAddress, string path) =>
        path.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? new Uri(path, UriKind.Absolute)
            : new Uri(baseAddress, path);

    /// <summary>
    /// <paramref name="uri"/> with <paramref name="query"/> appended, then the set parameters <paramref name="set1"/>,
    /// <paramref name="set2"/> and <paramref name="set3"/>, each replacing any parameter of the same name already there.
    /// </summary>
    public static Uri With(Uri uri, IReadOnlyList<KeyValuePair<string, string>> query, KeyValuePair<string, string>? set1 = null, KeyValuePair<string, string>? set2 = null, KeyValuePair<string, string>? set3 = null)
    {
        if (query.Count == 0 && set1 is null && set2 is null && set3 is null)
        {
            return uri;
        }

        var text = uri.AbsoluteUri;
        var queryStart = text.IndexOf('?', StringComparison.Ordinal);
        var fragmentStart = text.IndexOf('#', StringComparison.Ordinal);
        var end = fragmentStart < 0 ? text.Length : fragmentStart;
        var builder = new StringBuilder(text.Length + 64);
        builder.Append(text, 0, queryStart < 0 ? end : queryStart);
        var first = true;
        if (queryStart >= 0)
        {
            foreach (var part in text.AsSpan(queryStart + 1, end - queryStart - 1).Split('&'))
            {
                var pair = text.AsSpan(queryStart + 1 + part.Start.Value, part.End.Value - part.Start.Value);
                if (pair.IsEmpty || IsSet(NameOf(pair), set1, set2, set3))
                {
                    continue;
                }

                builder.Append(first ? '?' : '&').Append(pair);
                first = false;
            }
        }

        foreach (var (name, value) in query)
        {
            if (!IsSet(Uri.EscapeDataString(name), set1, set2, set3))
            {
                Append(builder, ref first, name, value);
            }
        }

        if (set1 is { } p1)
        {
            Append(builder, ref first, p1.Key, p1.Value);
        }

        if (set2 is { } p2)
        {
            Append(builder, ref first, p2.Key, p2.Value);
        }

        if (set3 is { } p3)
        {
            Append(builder, ref first, p3.Key, p3.Value);
        }

        return new Uri(builder.ToString(), UriKind.Absolute);
    }

    /// <summary><paramref name="uri"/> as text with the value of query parameter <paramref name="secretParameter"/> masked.</summary>
    public static string Redact(Uri? uri, string? secretParameter)
    {
        if (uri is null)
        {
            return "(no URL)";
        }

        var text = uri.AbsoluteUri;
        var queryStart = text.IndexOf('?', StringComparison.Ordinal);
        if (secretParameter is null || queryStart < 0)
        {
            return text;
        }

        var escaped = Uri.EscapeDataString(secretParameter);
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, queryStart + 1);
        var query = text.AsSpan(queryStart + 1);
        var first = true;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            builder.Append(first ? "" : "&");
            first = false;
            var name = NameOf(pair);
            if (name.SequenceEqual(escaped) && pair.Length > name.Length)
            {
                builder.Append(name).Append('=').Append(Mask);
            }
            else
            {
                builder.Append(pair);
            }
        }

        return builder.ToString();
    }

    private static ReadOnlySpan<char> NameOf(ReadOnlySpan<char> pair)
    {
        var equals = pair.IndexOf('=');
        return equals < 0 ? pair : pair[..equals];
    }

    private static bool IsSet(ReadOnlySpan<char> escapedName, KeyValuePair<string, string>? set1, KeyValuePair<string, string>? set2, KeyValuePair<string, string>? set3) =>
        Matches(escapedName, set1) || Matches(escapedName, set2) || Matches(escapedName, set3);

    private static bool Matches(ReadOnlySpan<char> escapedName, KeyValuePair<string, string>? set) =>
        set is { } p && escapedName.SequenceEqual(Uri.EscapeDataString(p.Key));

    private static void Append(StringBuilder builder, ref bool first, string name, string value)
    {
        builder.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        first = false;
    }
}
