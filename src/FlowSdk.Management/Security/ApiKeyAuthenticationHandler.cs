using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Management;

/// <summary>
/// Authenticates a request by the API key in its <c>X-Api-Key</c> header. The presented key's SHA-256 digest is compared
/// in constant time against every configured key's digest (computed once per options, or configured as
/// <see cref="ManagementApiKey.KeyHash"/>), so neither timing nor order tells which key came close. Challenges answer
/// 401 and forbidden requests 403, both as problem+json.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Options.HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Normally computed once when the options were built; a handler under a scheme configured elsewhere computes it here.
        var digests = Options.Digests ??= ApiKeyDigests.Create(Options.Keys);
        var match = digests.Match(values[0]!);
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, match.Name),
            new(ClaimTypes.Role, ManagementPolicies.ReaderRole),
        };
        if (match.Role == ManagementRole.Admin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ManagementPolicies.AdminRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <inheritdoc/>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Options.HeaderName}\"";
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", $"Send a valid API key in the {Options.HeaderName} header.");
    }

    /// <inheritdoc/>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", "The API key does not allow this operation.");
}
