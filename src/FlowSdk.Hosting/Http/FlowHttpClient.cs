using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting.Http;

/// <summary>Options of <see cref="FlowHttpClient"/>.</summary>
public sealed class FlowHttpOptions
{
    /// <summary>
    /// The serializer options for request and response bodies. Default: web defaults (camelCase, case-insensitive)
    /// with the reflection-based resolver where reflection is enabled.
    /// For trimmed or native AOT apps, set options whose <see cref="JsonSerializerOptions.TypeInfoResolver"/> is a
    /// source-generated <c>JsonSerializerContext</c> that knows the step's types.
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = FlowJson.CreateDefaultOptions();
}

/// <summary>The answer of an HTTP step: the status code and the deserialized body. It replaces the step's payload.</summary>
/// <typeparam name="T">The response body type.</typeparam>
public sealed class FlowHttpResponse<T>
{
    /// <summary>Creates a response.</summary>
    public FlowHttpResponse(HttpStatusCode statusCode, T? value)
    {
        StatusCode = statusCode;
        Value = value;
    }

    /// <summary>The HTTP status code (always a success code: other codes throw <see cref="FlowHttpException"/>).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response body, or default when the body was empty.</summary>
    public T? Value { get; }
}

/// <summary>Thrown by <see cref="FlowHttpClient"/> for a non-success status code, after the resilience handler's retries.</summary>
public sealed class FlowHttpException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public FlowHttpException(HttpMethod method, Uri? requestUri, HttpStatusCode statusCode)
        : base($"{method} {requestUri} answered {(int)statusCode} {statusCode}.", null, statusCode)
    {
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The request method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The request URI.</summary>
    public Uri? RequestUri { get; }
}

/// <summary>
/// A typed HTTP step helper: JSON POST, PUT and GET through a named <see cref="HttpClient"/> from
/// <see cref="IHttpClientFactory"/> (register it with <c>services.AddFlowHttpClient(name, ...)</c>, which adds the
/// standard resilience handler). The deserialized answer replaces the payload; a non-success status throws
/// <see cref="FlowHttpException"/> with the status code, so the flow's retry policy and dead-letter sink apply.
/// </summary>
public sealed class FlowHttpClient
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _factory;
    private readonly JsonSerializerOptions _serializer;

    /// <summary>Creates the helper.</summary>
    public FlowHttpClient(IHttpClientFactory factory, IOptions<FlowHttpOptions> options)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        _factory = factory;
        _serializer = options.Value.SerializerOptions;
        _serializer.TypeInfoResolver ??= FlowJson.DefaultResolver();
    }

    /// <summary>POSTs <paramref name="body"/> as JSON and returns the JSON answer.</summary>
    public Task<FlowHttpResponse<TResponse>> PostAsync<TRequest, TResponse>(string clientName, string requestUri, TRequest body, CancellationToken cancellationToken = default) =>
        SendAsync<TRequest, TResponse>(clientName, HttpMethod.Post, requestUri, body, hasBody: true, cancellationToken);

    /// <summary>PUTs <paramref name="body"/> as JSON and returns the JSON answer.</summary>
    public Task<FlowHttpResponse<TResponse>> PutAsync<TRequest, TResponse>(string clientName, string requestUri, TRequest body, CancellationToken cancellationToken = default) =>
        SendAsync<TRequest, TResponse>(clientName, HttpMethod.Put, requestUri, body, hasBody: true, cancellationToken);

    /// <summary>GETs <paramref name="requestUri"/> and returns the JSON answer.</summary>
    public Task<FlowHttpResponse<TResponse>> GetAsync<TResponse>(string clientName, string requestUri, CancellationToken cancellationToken = default) =>
        SendAsync<object?, TResponse>(clientName, HttpMethod.Get, requestUri, null, hasBody: false, cancellationToken);

    private async Task<FlowHttpResponse<TResponse>> SendAsync<TRequest, TResponse>(string clientName, HttpMethod method, string requestUri, TRequest body, bool hasBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        ArgumentNullException.ThrowIfNull(requestUri);
        var client = _factory.CreateClient(clientName);
        using var request = new HttpRequestMessage(method, requestUri);
        request.Headers.Accept.ParseAdd("application/json");
        if (hasBody)
        {
            var typeInfo = (JsonTypeInfo<TRequest>)_serializer.GetTypeInfo(typeof(TRequest));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = s_json;
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new FlowHttpException(method, response.RequestMessage?.RequestUri ?? request.RequestUri, response.StatusCode);
        }

        TResponse? value = default;
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (content.Length > 0)
            {
                var typeInfo = (JsonTypeInfo<TResponse>)_serializer.GetTypeInfo(typeof(TResponse));
                value = JsonSerializer.Deserialize(content, typeInfo);
            }
        }

        return new FlowHttpResponse<TResponse>(response.StatusCode, value);
    }
}
