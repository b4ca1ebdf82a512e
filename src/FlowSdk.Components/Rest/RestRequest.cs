using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Components.Rest;

/// <summary>
/// One REST call: method, path (relative to the endpoint's base address, or absolute), per-request headers and query
/// parameters, and an optional JSON body. A builder: <c>RestRequest.Post("contacts").WithHeader("Idempotency-Key", id).WithJsonBody(contact, Json.Contact)</c>.
/// The body is serialized once, when set, so the resilience handler's retries and the 401 retry resend the same bytes.
/// </summary>
public sealed class RestRequest
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };
    private List<KeyValuePair<string, string>>? _headers;
    private List<KeyValuePair<string, string>>? _query;

    /// <summary>Creates a request.</summary>
    public RestRequest(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        Method = method;
        Path = path;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The path relative to the endpoint's base address (no leading '/'), or an absolute URL.</summary>
    public string Path { get; }

    /// <summary>The per-request headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers ?? (IReadOnlyList<KeyValuePair<string, string>>)[];

    /// <summary>The query parameters, appended to the path's own.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query => _query ?? (IReadOnlyList<KeyValuePair<string, string>>)[];

    /// <summary>The serialized body, or null.</summary>
    public ReadOnlyMemory<byte>? Body { get; private set; }

    /// <summary>The body's content type.</summary>
    public MediaTypeHeaderValue? ContentType { get; private set; }

    /// <summary>A GET of <paramref name="path"/>.</summary>
    public static RestRequest Get(string path) => new(HttpMethod.Get, path);

    /// <summary>A POST to <paramref name="path"/>.</summary>
    public static RestRequest Post(string path) => new(HttpMethod.Post, path);

    /// <summary>A PUT to <paramref name="path"/>.</summary>
    public static RestRequest Put(string path) => new(HttpMethod.Put, path);

    /// <summary>A PATCH to <paramref name="path"/>.</summary>
    public static RestRequest Patch(string path) => new(HttpMethod.Patch, path);

    /// <summary>A DELETE of <paramref name="path"/>.</summary>
    public static RestRequest Delete(string path) => new(HttpMethod.Delete, path);

    /// <summary>Adds a header to this request only (an idempotency key, a correlation id, a tenant header).</summary>
    /// <returns>This request.</returns>
    public RestRequest WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        (_headers ??= []).Add(new(name, value));
        return this;
    }

    /// <summary>Adds a query parameter (escaped when the URL is built).</summary>
    /// <returns>This request.</returns>
    public RestRequest WithQuery(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        (_query ??= []).Add(new(name, value));
        return this;
    }

    /// <summary>Sets the JSON body, serialized now with <paramref name="typeInfo"/> (source-generated metadata keeps it AOT-safe).</summary>
    /// <returns>This request.</returns>
    public RestRequest WithJsonBody<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        Body = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        ContentType = s_json;
        return this;
    }
}
