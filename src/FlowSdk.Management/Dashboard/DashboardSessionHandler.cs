using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Management;

/// <summary>Options of the session scheme (nothing to set: the dashboard's settings are <see cref="DashboardOptions"/>).</summary>
public sealed class DashboardSessionOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates a request by the dashboard's session cookie. The cookie names the API key it was issued for; a key
/// removed from the configuration, or whose role changed, ends its sessions at once. Unsafe methods need the session's
/// CSRF token in <see cref="DashboardSessionDefaults.CsrfHeaderName"/>: without it the cookie authenticates nothing, so
/// a form posted from another site is refused like an anonymous request. Challenges and denials are left to the API-key
/// scheme, which answers them as problem+json.
/// </summary>
internal sealed class DashboardSessionHandler(
    IOptionsMonitor<DashboardSessionOptions> options,
    IOptionsMonitor<ApiKeyAuthenticationOptions> keys,
    IDataProtectionProvider dataProtection,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<DashboardSessionOptions>(options, logger, encoder)
{
    /// <summary>The ticket of the authenticated session, for the session endpoint.</summary>
    public const string TicketItem = "FlowSdk.Dashboard.Ticket";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(DashboardSessionDefaults.CookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var ticket = DashboardSessionTicket.Unprotect(dataProtection, cookie);
        if (ticket is null || ticket.ExpiresAtMs <= TimeProvider.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return Task.FromResult(AuthenticateResult.Fail("The dashboard session is not valid or has expired."));
        }

        var key = keys.Get(ApiKeyAuthenticationDefaults.Scheme).Keys.FirstOrDefault(k => string.Equals(k.Name, ticket.Name, StringComparison.Ordinal));
        if (key is null || !string.Equals(key.Role.ToString(), ticket.Role, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.Fail("The key of this dashboard session is no longer configured."));
        }

        if (!IsSafe(Request.Method) && !ticket.AcceptsCsrf(Request.Headers[DashboardSessionDefaults.CsrfHeaderName].ToString()))
        {
            return Task.FromResult(AuthenticateResult.Fail("A change through the dashboard session needs its CSRF token."));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, ManagementPolicies.ReaderRole),
        };
        if (key.Role == ManagementRole.Admin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ManagementPolicies.AdminRole));
        }

        Context.Items[TicketItem] = ticket;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    // The API-key scheme of the same policy writes the 401 or 403 problem; writing here too would clash with it.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;

    internal static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
