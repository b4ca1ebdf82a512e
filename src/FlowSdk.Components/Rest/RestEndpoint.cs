namespace FlowSdk.Components.Rest;

/// <summary>
/// One instance's REST API: where it is, how to authenticate, how it pages. A flow builds it from its instance
/// configuration type (the settings carry the base URL, the auth kind and the secret <em>names</em>; the secrets stay
/// in the instance's encrypted secrets) and passes it to <see cref="RestClient"/> with the instance id.
/// </summary>
public sealed record RestEndpoint
{
    private readonly Uri _baseAddress = null!;

    /// <summary>Creates an endpoint for <paramref name="baseAddress"/>.</summary>
    public RestEndpoint(Uri baseAddress) => BaseAddress = baseAddress;

    /// <summary>
    /// The API's absolute base address; request paths are relative to it. A missing trailing '/' is added, so
    /// <c>https://api.example.com/v2</c> and <c>https://api.example.com/v2/</c> both keep the <c>v2</c> segment.
    /// </summary>
    public Uri BaseAddress
    {
        get => _baseAddress;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!value.IsAbsoluteUri)
            {
                throw new ArgumentException("The base address must be absolute.", nameof(value));
            }

            _baseAddress = value.AbsolutePath.EndsWith('/') ? value : new Uri(value.GetLeftPart(UriPartial.Path) + "/" + value.Query);
        }
    }

    /// <summary>The named <see cref="HttpClient"/> (registered with <c>AddFlowRestClient</c>) the requests go through.</summary>
    public string ClientName { get; init; } = RestClient.DefaultClientName;

    /// <summary>The authentication; default none.</summary>
    public RestAuth Auth { get; init; } = RestAuth.None;

    /// <summary>The paging of <see cref="RestClient.PaginateAsync{T}"/> when the call names none; default one page.</summary>
    public RestPaging Paging { get; init; } = RestPaging.None;
}
