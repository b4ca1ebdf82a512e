namespace FlowSdk.Components.Rest;

/// <summary>How a <see cref="RestClient"/> authenticates an instance's requests.</summary>
public enum RestAuthKind
{
    /// <summary>No credentials.</summary>
    None,

    /// <summary>An API key in a request header (<see cref="RestAuth.ParameterName"/>) from secret <see cref="RestAuth.SecretName"/>.</summary>
    ApiKeyHeader,

    /// <summary>An API key in a query parameter (<see cref="RestAuth.ParameterName"/>) from secret <see cref="RestAuth.SecretName"/>.</summary>
    ApiKeyQuery,

    /// <summary><c>Authorization: Bearer</c> with a static token from secret <see cref="RestAuth.SecretName"/>.</summary>
    Bearer,

    /// <summary><c>Authorization: Basic</c> from secrets <see cref="RestAuth.UserSecretName"/> and <see cref="RestAuth.SecretName"/>.</summary>
    Basic,

    /// <summary>
    /// OAuth 2.0 client credentials: a token from <see cref="RestAuth.TokenUrl"/> for <see cref="RestAuth.ClientId"/> and
    /// the client secret in secret <see cref="RestAuth.SecretName"/>, cached per instance and token endpoint.
    /// </summary>
    OAuth2ClientCredentials,
}
