namespace FlowSdk.Components.Rest;

/// <summary>
/// How an instance authenticates to a REST API: the kind and the <em>names</em> of the instance secrets that hold the
/// credentials. The values are read from <see cref="IFlowSecretSource"/> per request, so they never sit in
/// configuration, in this record or in a log line. Build one with the factory methods.
/// </summary>
public sealed record RestAuth
{
    /// <summary>No credentials.</summary>
    public static RestAuth None { get; } = new();

    /// <summary>The kind of credentials.</summary>
    public RestAuthKind Kind { get; init; }

    /// <summary>The secret with the API key, bearer token, password or OAuth2 client secret.</summary>
    public string? SecretName { get; init; }

    /// <summary>The header (<see cref="RestAuthKind.ApiKeyHeader"/>) or query parameter (<see cref="RestAuthKind.ApiKeyQuery"/>) that carries the API key.</summary>
    public string? ParameterName { get; init; }

    /// <summary>The secret with the user name of <see cref="RestAuthKind.Basic"/>.</summary>
    public string? UserSecretName { get; init; }

    /// <summary>The token endpoint of <see cref="RestAuthKind.OAuth2ClientCredentials"/>.</summary>
    public Uri? TokenUrl { get; init; }

    /// <summary>The OAuth2 client id (not a secret).</summary>
    public string? ClientId { get; init; }

    /// <summary>The OAuth2 scope to ask for, or null for the client's default.</summary>
    public string? Scope { get; init; }

    /// <summary>
    /// Whether the OAuth2 client id and secret go in the token request's form body (<c>client_secret_post</c>, the
    /// default, which most providers accept) rather than an <c>Authorization: Basic</c> header (<c>client_secret_basic</c>).
    /// </summary>
    public bool ClientSecretInBody { get; init; } = true;

    /// <summary>An API key sent in header <paramref name="header"/>, read from secret <paramref name="secretName"/>.</summary>
    public static RestAuth ApiKeyInHeader(string header, string secretName) => new()
    {
        Kind = RestAuthKind.ApiKeyHeader,
        ParameterName = Required(header),
        SecretName = Required(secretName),
    };

    /// <summary>An API key sent as query parameter <paramref name="parameter"/>, read from secret <paramref name="secretName"/>.</summary>
    public static RestAuth ApiKeyInQuery(string parameter, string secretName) => new()
    {
        Kind = RestAuthKind.ApiKeyQuery,
        ParameterName = Required(parameter),
        SecretName = Required(secretName),
    };

    /// <summary>A static bearer token read from secret <paramref name="secretName"/>.</summary>
    public static RestAuth Bearer(string secretName) => new() { Kind = RestAuthKind.Bearer, SecretName = Required(secretName) };

    /// <summary>HTTP basic authentication with the user name and the password read from the two secrets.</summary>
    public static RestAuth Basic(string userSecretName, string passwordSecretName) => new()
    {
        Kind = RestAuthKind.Basic,
        UserSecretName = Required(userSecretName),
        SecretName = Required(passwordSecretName),
    };

    /// <summary>OAuth 2.0 client credentials: tokens from <paramref name="tokenUrl"/>, the client secret read from secret <paramref name="clientSecretName"/>.</summary>
    public static RestAuth ClientCredentials(Uri tokenUrl, string clientId, string clientSecretName, string? scope = null)
    {
        ArgumentNullException.ThrowIfNull(tokenUrl);
        return new()
        {
            Kind = RestAuthKind.OAuth2ClientCredentials,
            TokenUrl = tokenUrl.IsAbsoluteUri ? tokenUrl : throw new ArgumentException("The token URL must be absolute.", nameof(tokenUrl)),
            ClientId = Required(clientId),
            SecretName = Required(clientSecretName),
            Scope = scope,
        };
    }

    private static string Required(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }
}
