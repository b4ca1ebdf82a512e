using System.Net.Http.Headers;

namespace FlowSdk.Components.Rest;

/// <summary>Reads the <c>rel="next"</c> target of RFC 8288 <c>Link</c> headers.</summary>
internal static class RestLinkHeader
{
    /// <summary>The next page's URL, resolved against <paramref name="requestUri"/>, or null on the last page.</summary>
    public static Uri? Next(HttpResponseHeaders headers, Uri requestUri)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            if (FindNext(value) is { } target)
            {
                return new Uri(requestUri, target);
            }
        }

        return null;
    }

    /// <summary>The target of the first link in <paramref name="header"/> whose <c>rel</c> includes <c>next</c>.</summary>
    internal static string? FindNext(string header)
    {
        var rest = header.AsSpan();
        while (true)
        {
            var open = rest.IndexOf('<');
            if (open < 0)
            {
                return null;
            }

            var close = rest[open..].IndexOf('>');
            if (close < 0)
            {
                return null;
            }

            var target = rest.Slice(open + 1, close - 1);
            rest = rest[(open + close + 1)..];

            // The link's parameters run to the next '<' (a URL may hold commas, parameters rarely hold '<').
            var next = rest.IndexOf('<');
            var parameters = next < 0 ? rest : rest[..next];
            foreach (var range in parameters.Split(';'))
            {
                var parameter = parameters[range].Trim();
                if (!parameter.StartsWith("rel", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var equals = parameter.IndexOf('=');
                if (equals < 0)
                {
                    continue;
                }

                var relations = parameter[(equals + 1)..].Trim().TrimEnd(',').Trim().Trim('"');
                foreach (var relation in relations.Split(' '))
                {
                    if (relations[relation].Equals("next", StringComparison.OrdinalIgnoreCase))
                    {
                        return target.Trim().ToString();
                    }
                }
            }
        }
    }
}
