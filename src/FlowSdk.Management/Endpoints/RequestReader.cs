using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace FlowSdk.Management;

/// <summary>Reads bodies and query strings by hand, so every malformed input gets a problem+json naming the field.</summary>
internal static class RequestReader
{
    public static async Task<(T? Value, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        try
        {
            var value = await request.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
            return value is null
                ? (null, Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] }))
                : (value, null);
        }
        catch (BadHttpRequestException)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Bad request", "The request body could not be read."));
        }
        catch (JsonException e)
        {
            var field = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Problems.Validation(new Dictionary<string, string[]> { [field] = ["The value is not valid JSON for this field."] }));
        }
    }

    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public static DateTimeOffset? Time(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        var text = Text(request, name);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        errors[name] = ["Use an ISO 8601 date and time, for example 2026-01-31T12:00:00Z."];
        return null;
    }

    public static int Limit(HttpRequest request, Dictionary<string, string[]> errors)
    {
        var text = Text(request, "limit");
        if (text is null)
        {
            return 100;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 1000)
        {
            return value;
        }

        errors["limit"] = ["Use a whole number from 1 to 1000."];
        return 100;
    }

    public static bool? Bool(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        var text = Text(request, name);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors[name] = ["Use true or false."];
        return null;
    }

    public static long? IfMatch(HttpRequest request, Dictionary<string, string[]> errors)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var tag = header.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        if (long.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        errors["If-Match"] = ["Send the ETag of the instance as read, for example \"42\"."];
        return null;
    }

    public static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";
}
