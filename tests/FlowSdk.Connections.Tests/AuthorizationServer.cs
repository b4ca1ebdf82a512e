using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FlowSdk.Connections.Tests;

/// <summary>
/// A real OAuth 2.0 authorization server (OpenIddict) on Kestrel on loopback, with its clients, a user who consents
/// to everything (the authorization endpoint in passthrough mode signs them in at once) and a protected API that
/// validates access tokens, including whether their authorization was revoked. It counts token requests by grant type.
/// </summary>
public sealed class AuthorizationServer : IAsyncDisposable
{
    public const string UserId = "user-1";
    public const string CodeClientId = "crm-client";
    public const string CodeClientSecret = "crm-client-secret-0123456789";
    public const string BatchClientId = "batch-client";
    public const string BatchClientSecret = "batch-client-secret-0123456789";
    public const string Scope = "contacts.write";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _tokenRequests = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _bearerTokens = new();
    private readonly ConcurrentQueue<(string ContentType, string Body)> _received = new();

    private AuthorizationServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public Uri AuthorizeEndpoint => new(BaseUri, "connect/authorize");

    public Uri TokenEndpoint => new(BaseUri, "connect/token");

    public Uri ApiUri => new(BaseUri, "api/contacts");

    /// <summary>Every bearer token the API was called with, in order.</summary>
    public IReadOnlyCollection<string> BearerTokens => _bearerTokens;

    /// <summary>Every body the API took, with its content type, in order.</summary>
    public IReadOnlyCollection<(string ContentType, string Body)> Received => _received;

    /// <summary>System A of the worked example: customers by offset and limit, no authentication.</summary>
    public Uri CustomersUri => new(BaseUri, "a/");

    public int TokenRequests(string grantType) => _tokenRequests.TryGetValue(grantType, out var count) ? count : 0;

    public static async Task<AuthorizationServer> StartAsync(TimeSpan? accessTokenLifetime = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var database = Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<DbContext>(options => options
            .UseInMemoryDatabase(database)
            .ConfigureWarnings(warnings => warnings.Ignore(InMemoryEventId.TransactionIgnoredWarning))
            .UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                options.RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scope, Scopes.OfflineAccess);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.SetAccessTokenLifetime(accessTokenLifetime ?? TimeSpan.FromHours(1));
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                // A revoked authorization or token makes its access tokens fail at once, as at a provider that checks them.
                options.EnableAuthorizationEntryValidation();
                options.EnableTokenEntryValidation();
                options.UseAspNetCore();
            });
        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        var server = new AuthorizationServer(app);
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/connect/token" && context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync();
                server._tokenRequests.AddOrUpdate(form["grant_type"].ToString(), 1, static (_, count) => count + 1);
            }

            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeAsync);
        app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)TokenAsync);
        app.MapPost("/api/contacts", async (HttpContext context, CancellationToken cancellationToken) =>
        {
            server._bearerTokens.Enqueue(context.Request.Headers.Authorization.ToString()["Bearer ".Length..]);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(cancellationToken);
            server._received.Enqueue((context.Request.ContentType ?? string.Empty, body));
            return Results.Text($"{context.User.FindFirst(Claims.Subject)?.Value}:{body}");
        }).RequireAuthorization();

        app.MapGet("/a/customers", (int offset, int limit) => Results.Json(
            Enumerable.Range(offset + 1, Math.Max(0, Math.Min(limit, 5 - offset))).Select(i => new { id = i, name = $"Customer {i}", email = $"c{i}@example.com" })));

        await app.StartAsync();
        server.BaseUri = new Uri(app.Urls.First() + "/");
        return server;
    }

    /// <summary>Registers the two clients: the authorization-code client sends users back to <paramref name="redirectUri"/>.</summary>
    public async Task RegisterClientsAsync(Uri redirectUri)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = CodeClientId,
            ClientSecret = CodeClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code, Permissions.Prefixes.Scope + Scope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = BatchClientId,
            ClientSecret = BatchClientSecret,
            ClientType = ClientTypes.Confidential,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + Scope },
        });
    }

    /// <summary>Revokes every authorization the user gave, and the tokens issued under them, as a user does in the provider's settings.</summary>
    public async Task RevokeUserGrantsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var revoked = 0;
        await foreach (var authorization in authorizations.FindBySubjectAsync(UserId))
        {
            Assert.True(await authorizations.TryRevokeAsync(authorization));
            await foreach (var token in tokens.FindByAuthorizationIdAsync((await authorizations.GetIdAsync(authorization))!))
            {
                await tokens.TryRevokeAsync(token); // one by one: the in-memory store has no bulk update
            }

            revoked++;
        }

        Assert.True(revoked > 0, "the user had no authorization to revoke");
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var application = await applications.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("Unknown client.");
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, UserId).SetClaim(Claims.Name, "Test User");
        identity.SetScopes(request.GetScopes());

        // A permanent authorization, so the user can revoke it later and every token issued under it stops working.
        var authorization = await authorizations.CreateAsync(
            identity: identity, subject: UserId, client: (await applications.GetIdAsync(application))!, type: AuthorizationTypes.Permanent, scopes: identity.GetScopes());
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization));
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(static _ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        // Authorization code and refresh token: OpenIddict validated the code (with its PKCE verifier) or the refresh
        // token, and its authorization, before this runs; the principal is the one the user consented to.
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal ?? throw new InvalidOperationException("No principal.");
        principal.SetDestinations(static _ => [Destinations.AccessToken]);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
