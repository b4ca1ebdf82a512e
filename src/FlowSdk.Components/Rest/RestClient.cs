using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Components.Rest;

/// <summary>
/// Typed JSON calls to an instance's REST API, through a named <see cref="HttpClient"/> from
/// <see cref="IHttpClientFactory"/> with the standard resilience handler (register it with
/// <c>services.AddFlowRestClient()</c>). Each call names the <see cref="RestEndpoint"/> (built from the instance's
/// configuration) and the instance id, whose secrets authenticate the call. One singleton serves every instance.
/// </summary>
public sealed class RestClient
{
    /// <summary>The client name <see cref="RestEndpoint.ClientName"/> defaults to.</summary>
    public const string DefaultClientName = "flow-rest";

    private static readonly MediaTypeWithQualityHeaderValue s_acceptJson = new("application/json");

    private readonly IHttpClientFactory _factory;
    private readonly IFlowSecretSource _secrets;
    private readonly RestTokenCache _tokens;
    private readonly ILogger _logger;

    /// <summary>Creates the client (the container does, as a singleton).</summary>
    public RestClient(IHttpClientFactory factory, IFlowSecretSource secrets, IOptions<RestOptions> options, TimeProvider timeProvider, ILogger<RestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _factory = factory;
        _secrets = secrets;
        _tokens = new RestTokenCache(timeProvider, options.Value.TokenRefreshMargin);
        _logger = logger;
    }

    /// <summary>Sends <paramref name="request"/> and returns the JSON answer read with <paramref name="responseType"/>.</summary>
    /// <exception cref="RestRequestException">The API answered with a non-success status (after retries).</exception>
    public async Task<RestResponse<T>> SendAsync<T>(RestEndpoint endpoint, string instanceId, RestRequest request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken = default)
    {
        Validate(endpoint, instanceId, request);
        ArgumentNullException.ThrowIfNull(responseType);
        var uri = RestUri.With(RestUri.Resolve(endpoint.BaseAddress, request.Path), request.Query);
        using var response = await SendCoreAsync(endpoint, instanceId, uri, request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return new(response.StatusCode, default);
        }

        var (buffer, length) = await ReadPooledAsync(response.Content, cancellationToken).ConfigureAwait(false);
        try
        {
            return new(response.StatusCode, length == 0 ? default : JsonSerializer.Deserialize(buffer.AsSpan(0, length), responseType));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends <paramref name="request"/>, ignores the answer's body and returns its status code.</summary>
    /// <exception cref="RestRequestException">The API answered with a non-success status (after retries).</exception>
    public async Task<HttpStatusCode> SendAsync(RestEndpoint endpoint, string instanceId, RestRequest request, CancellationToken cancellationToken = default)
    {
        Validate(endpoint, instanceId, request);
        var uri = RestUri.With(RestUri.Resolve(endpoint.BaseAddress, request.Path), request.Query);
        using var response = await SendCoreAsync(endpoint, instanceId, uri, request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>
    /// Every item of every page of <paramref name="request"/>, page by page as they are consumed: the return value of a
    /// <c>[Split]</c> step. Pages are asked for as <paramref name="paging"/> (or the endpoint's <see cref="RestEndpoint.Paging"/>) says.
    /// </summary>
    /// <exception cref="RestRequestException">A page was answered with a non-success status (after retries).</exception>
    public IAsyncEnumerable<T> PaginateAsync<T>(RestEndpoint endpoint, string instanceId, RestRequest request, JsonTypeInfo<T> itemType, RestPaging? paging = null, CancellationToken cancellationToken = default)
    {
        Validate(endpoint, instanceId, request);
        ArgumentNullException.ThrowIfNull(itemType);
        return PaginateCoreAsync(endpoint, instanceId, request, itemType, paging ?? endpoint.Paging, cancellationToken);
    }

    private async IAsyncEnumerable<T> PaginateCoreAsync<T>(RestEndpoint endpoint, string instanceId, RestRequest request, JsonTypeInfo<T> itemType, RestPaging paging, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new RestPageReader(paging);
        var items = new List<T>(Math.Min(paging.PageSize, 1000));
        var start = RestUri.Resolve(endpoint.BaseAddress, request.Path);
        KeyValuePair<string, string>? limit = paging.LimitParameter is { } limitName && paging.Kind is RestPagingKind.Offset or RestPagingKind.Cursor
            ? new(limitName, paging.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : null;
        Uri? next = paging.Kind == RestPagingKind.Offset
            ? RestUri.With(start, request.Query, new(paging.OffsetParameter, "0"), limit)
            : RestUri.With(start, request.Query, limit);
        var offset = 0;
        for (var page = 1; next is not null; page++)
        {
            if (page > paging.MaxPages)
            {
                throw new InvalidOperationException($"{request.Method} {Redact(endpoint, next)} still had pages after {paging.MaxPages} (RestPaging.MaxPages).");
            }

            var current = next;
            next = null;
            using (var response = await SendCoreAsync(endpoint, instanceId, current, request, cancellationToken).ConfigureAwait(false))
            {
                string? cursor;
                var (buffer, length) = await ReadPooledAsync(response.Content, cancellationToken).ConfigureAwait(false);
                try
                {
                    cursor = length == 0 ? null : reader.Read(buffer.AsSpan(0, length), itemType, items);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                next = paging.Kind switch
                {
                    RestPagingKind.LinkHeader => RestLinkHeader.Next(response.Headers, current),
                    RestPagingKind.Cursor when !string.IsNullOrEmpty(cursor) => RestUri.With(start, request.Query, new(paging.CursorParameter, cursor), limit),
                    RestPagingKind.Offset when items.Count >= paging.PageSize => RestUri.With(start, request.Query, new(paging.OffsetParameter, (offset += items.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)), limit),
                    _ => null,
                };
            }

            if (next is not null && next == current)
            {
                throw new InvalidOperationException($"{request.Method} {Redact(endpoint, current)} named itself as its next page.");
            }

            if (_logger.IsEnabled(LogLevel.Trace))
            {
                RestLog.PageRead(_logger, page, Redact(endpoint, current), instanceId, items.Count);
            }

            foreach (var item in items)
            {
                yield return item;
            }

            items.Clear();
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(RestEndpoint endpoint, string instanceId, Uri uri, RestRequest request, CancellationToken cancellationToken)
    {
        var client = _factory.CreateClient(endpoint.ClientName);
        var auth = endpoint.Auth;
        for (var attempt = 1; ; attempt++)
        {
            string? token = null;
            var target = uri;
            HttpResponseMessage response;
            using (var message = new HttpRequestMessage(request.Method, uri))
            {
                message.Headers.Accept.Add(s_acceptJson);
                if (request.Body is { } body)
                {
                    message.Content = new ReadOnlyMemoryContent(body);
                    message.Content.Headers.ContentType = request.ContentType;
                }

                foreach (var (name, value) in request.Headers)
                {
                    if (!message.Headers.TryAddWithoutValidation(name, value))
                    {
                        message.Content?.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                switch (auth.Kind)
                {
                    case RestAuthKind.ApiKeyHeader:
                        message.Headers.TryAddWithoutValidation(auth.ParameterName!, await SecretAsync(instanceId, auth.SecretName!, cancellationToken).ConfigureAwait(false));
                        break;
                    case RestAuthKind.ApiKeyQuery:
                        message.RequestUri = target = RestUri.With(uri, [], new(auth.ParameterName!, await SecretAsync(instanceId, auth.SecretName!, cancellationToken).ConfigureAwait(false)));
                        break;
                    case RestAuthKind.Bearer:
                        message.Headers.Authorization = new("Bearer", await SecretAsync(instanceId, auth.SecretName!, cancellationToken).ConfigureAwait(false));
                        break;
                    case RestAuthKind.Basic:
                        var user = await SecretAsync(instanceId, auth.UserSecretName!, cancellationToken).ConfigureAwait(false);
                        var password = await SecretAsync(instanceId, auth.SecretName!, cancellationToken).ConfigureAwait(false);
                        message.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
                        break;
                    case RestAuthKind.OAuth2ClientCredentials:
                        token = await _tokens.GetAsync(TokenKey(instanceId, auth), (Client: this, Endpoint: endpoint, InstanceId: instanceId), static (s, ct) => s.Client.IssueTokenAsync(s.Endpoint, s.InstanceId, ct), cancellationToken).ConfigureAwait(false);
                        message.Headers.Authorization = new("Bearer", token);
                        break;
                }

                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var status = response.StatusCode;
            response.Dispose();
            var url = RestUri.Redact(target, QuerySecretParameter(auth));
            if (status == HttpStatusCode.Unauthorized && token is not null && attempt == 1)
            {
                // The cached token was revoked or expired early: drop it (once, whoever sees it first) and retry once.
                RestLog.TokenRejected(_logger, request.Method, url, instanceId);
                _tokens.Invalidate(TokenKey(instanceId, auth), token);
                continue;
            }

            RestLog.RequestFailed(_logger, request.Method, url, instanceId, (int)status);
            throw new RestRequestException(request.Method, url, status);
        }
    }

    private async Task<RestIssuedToken> IssueTokenAsync(RestEndpoint endpoint, string instanceId, CancellationToken cancellationToken)
    {
        var auth = endpoint.Auth;
        var tokenUrl = auth.TokenUrl!;
        var clientSecret = await SecretAsync(instanceId, auth.SecretName!, cancellationToken).ConfigureAwait(false);
        var form = new List<KeyValuePair<string, string>>(4) { new("grant_type", "client_credentials") };
        if (auth.Scope is { Length: > 0 } scope)
        {
            form.Add(new("scope", scope));
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, tokenUrl);
        message.Headers.Accept.Add(s_acceptJson);
        if (auth.ClientSecretInBody)
        {
            form.Add(new("client_id", auth.ClientId!));
            form.Add(new("client_secret", clientSecret));
        }
        else
        {
            // RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
            var pair = $"{Uri.EscapeDataString(auth.ClientId!)}:{Uri.EscapeDataString(clientSecret)}";
            message.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        message.Content = new FormUrlEncodedContent(form);
        using var response = await _factory.CreateClient(endpoint.ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var url = RestUri.Redact(tokenUrl, null);
            RestLog.RequestFailed(_logger, HttpMethod.Post, url, instanceId, (int)response.StatusCode);
            throw new RestRequestException(HttpMethod.Post, url, response.StatusCode);
        }

        var json = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var issued = RestTokenResponse.Read(json) ?? throw new InvalidOperationException($"The token endpoint {RestUri.Redact(tokenUrl, null)} answered without an access_token.");
        RestLog.TokenIssued(_logger, instanceId, tokenUrl, issued.Lifetime?.TotalSeconds ?? -1);
        return issued;
    }

    private async ValueTask<string> SecretAsync(string instanceId, string name, CancellationToken cancellationToken) =>
        await _secrets.GetSecretAsync(instanceId, name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Instance '{instanceId}' has no secret '{name}', which its REST endpoint's authentication needs.");

    private static RestTokenKey TokenKey(string instanceId, RestAuth auth) => new(instanceId, auth.TokenUrl!, auth.ClientId!, auth.Scope);

    private static string? QuerySecretParameter(RestAuth auth) => auth.Kind == RestAuthKind.ApiKeyQuery ? auth.ParameterName : null;

    private static string Redact(RestEndpoint endpoint, Uri uri) => RestUri.Redact(uri, QuerySecretParameter(endpoint.Auth));

    private static void Validate(RestEndpoint endpoint, string instanceId, RestRequest request)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(request);
    }

    /// <summary>Reads the whole body into a pooled buffer the caller returns to <see cref="ArrayPool{T}.Shared"/>.</summary>
    private static async ValueTask<(byte[] Buffer, int Length)> ReadPooledAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var size = content.Headers.ContentLength is { } known and > 0 and < 64 * 1024 * 1024 ? (int)known + 1 : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return (buffer, length);
                    }

                    length += read;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
