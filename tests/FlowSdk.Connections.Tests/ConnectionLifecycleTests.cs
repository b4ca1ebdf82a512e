using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowSdk.Instances;
using FlowSdk.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Connections.Tests;

/// <summary>
/// One instance's authorization-code connection from first consent to revocation, through the management API on
/// Kestrel, against the real authorization server, on a real SQLite store.
/// </summary>
public sealed class ConnectionLifecycleTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowsdk-connections-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = ConnectionHost.NewClock();
    private readonly LogSink _logs = new();
    private AuthorizationServer _server = null!;
    private WebApplication _host = null!;
    private HttpClient _api = null!;

    private string DatabasePath => Path.Combine(_folder, "flows.db");

    public async Task InitializeAsync()
    {
        _server = await AuthorizationServer.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication? app = null;
        ConnectionHost.AddNode(
            builder.Services, instances => instances.UseSqlite(o => o.Path = DatabasePath), _server, _time, _logs,
            () => new Uri(app!.Urls.First() + "/manage/connections/callback"));
        builder.Services.AddFlowManagement(o => o.ApiKeys.Add(new ManagementApiKey { Name = "ops", Key = ConnectionHost.AdminKey, Role = ManagementRole.Admin }));
        app = builder.Build();
        app.MapFlowManagement("/manage");
        await app.StartAsync();
        _host = app;
        await _server.RegisterClientsAsync(new Uri(app.Urls.First() + "/manage/connections/callback"));
        _api = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        _api.DefaultRequestHeaders.Add("X-Api-Key", ConnectionHost.AdminKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.StopAsync();
        await _host.DisposeAsync();
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Consent_call_refresh_and_revocation_through_the_management_api()
    {
        var deployed = await _api.PostAsJsonAsync("manage/instances", new
        {
            id = "acme",
            flow = ConnectionHost.FlowName,
            customer = "Acme",
            configuration = new { },
            secrets = new Dictionary<string, string> { ["batch-client-id"] = AuthorizationServer.BatchClientId, ["batch-client-secret"] = AuthorizationServer.BatchClientSecret },
        });
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);

        // Declared, never granted: the authorization-code connection needs consent, and an execution says so.
        var initial = await ConnectionsAsync();
        Assert.Equal("NeedsConsent", initial["crm"].GetProperty("state").GetString());
        Assert.Equal("AuthorizationCode", initial["crm"].GetProperty("grant").GetString());
        Assert.Equal("contacts.write offline_access", initial["crm"].GetProperty("scopes").GetString());
        Assert.Equal("Connected", initial["batch"].GetProperty("state").GetString());
        var before = await RunAsync("alice");
        Assert.Equal(FlowOutcome.Failed, before.Outcome);
        var notGranted = Assert.IsType<FlowConnectionException>(before.Exception);
        Assert.True(notGranted.NeedsConsent);
        Assert.Equal(("crm-sync", "acme", "crm"), (notGranted.FlowName, notGranted.InstanceId, notGranted.ConnectionName));
        Assert.Contains("POST /manage/instances/acme/connections/crm/consent", notGranted.Message, StringComparison.Ordinal);

        // Consent: the authorize URL carries the PKCE challenge, never the verifier.
        var consent = await _api.PostAsync("manage/instances/acme/connections/crm/consent", null);
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var authorizeUrl = new Uri((await consent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorizeUrl").GetString()!);
        var authorizeQuery = QueryHelpers.ParseQuery(authorizeUrl.Query);
        Assert.Equal("S256", authorizeQuery["code_challenge_method"].ToString());
        Assert.Equal(43, authorizeQuery["code_challenge"].ToString().Length);
        Assert.False(authorizeQuery.ContainsKey("code_verifier"));
        Assert.Equal(AuthorizationServer.CodeClientId, authorizeQuery["client_id"].ToString());
        Assert.Equal("contacts.write offline_access", authorizeQuery["scope"].ToString());

        var callback = await ConnectionHost.AuthorizeAsync(authorizeUrl);
        Assert.StartsWith(_host.Urls.First() + "/manage/connections/callback?", callback.AbsoluteUri, StringComparison.Ordinal);
        using var browser = new HttpClient();
        var page = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Connection &#39;crm&#39; of instance &#39;acme&#39; is connected", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The state works once: a replayed callback is refused before its code is redeemed again.
        var replay = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("completed or replaced already", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, _server.TokenRequests("authorization_code"));

        // A step calls the protected API with the customer's token.
        var first = await RunAsync("alice");
        Assert.Equal(FlowOutcome.Completed, first.Outcome);
        Assert.Equal($"{AuthorizationServer.UserId}:alice", first.Output);
        var firstToken = _server.BearerTokens.Last();

        // Stored encrypted: the raw row holds ciphertext, not the token.
        var (storedAccess, storedRefresh) = await ReadRawTokensAsync();
        Assert.StartsWith("v1.k1.", storedAccess, StringComparison.Ordinal);
        Assert.DoesNotContain(firstToken, storedAccess, StringComparison.Ordinal);
        Assert.StartsWith("v1.k1.", storedRefresh, StringComparison.Ordinal);

        var connected = await ConnectionsAsync();
        Assert.Equal("Connected", connected["crm"].GetProperty("state").GetString());
        Assert.InRange(connected["crm"].GetProperty("expiresAt").GetDateTimeOffset(), _time.GetUtcNow().AddMinutes(59), _time.GetUtcNow().AddHours(1));

        // Later calls reuse the token until it is within the 60 s skew of its expiry; then it is refreshed, once.
        _time.Advance(TimeSpan.FromMinutes(58));
        Assert.Equal(FlowOutcome.Completed, (await RunAsync("bob")).Outcome);
        Assert.Equal(0, _server.TokenRequests("refresh_token"));
        Assert.Equal(firstToken, _server.BearerTokens.Last());
        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(FlowOutcome.Completed, (await RunAsync("carol")).Outcome);
        Assert.Equal(1, _server.TokenRequests("refresh_token"));
        var refreshedToken = _server.BearerTokens.Last();
        Assert.NotEqual(firstToken, refreshedToken);
        Assert.Equal(FlowOutcome.Completed, (await RunAsync("dave")).Outcome);
        Assert.Equal(1, _server.TokenRequests("refresh_token"));

        // The user revokes the grant at the provider: the API rejects the token, the refresh is refused (invalid_grant),
        // the execution fails with the clear error and the connection needs consent.
        await _server.RevokeUserGrantsAsync();
        var revoked = await RunAsync("erin");
        Assert.Equal(FlowOutcome.Failed, revoked.Outcome);
        var error = Assert.IsType<FlowConnectionException>(revoked.Exception);
        Assert.True(error.NeedsConsent);
        Assert.Contains("Flow 'crm-sync', instance 'acme': connection 'crm' needs consent", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.TokenRequests("refresh_token"));

        var afterRevocation = await ConnectionsAsync();
        Assert.Equal("NeedsConsent", afterRevocation["crm"].GetProperty("state").GetString());
        Assert.Contains("invalid_grant", afterRevocation["crm"].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(FlowOutcome.Failed, (await RunAsync("frank")).Outcome);
        Assert.Equal(2, _server.TokenRequests("refresh_token")); // a connection that needs consent does not ask again

        // Disconnect, then the audit log: both changes, by whom, and never a token.
        var disconnected = await _api.DeleteAsync("manage/instances/acme/connections/crm");
        Assert.Equal(HttpStatusCode.NoContent, disconnected.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.DeleteAsync("manage/instances/acme/connections/crm")).StatusCode);
        var audit = await _api.GetStringAsync("manage/audit?target=acme");
        var entries = JsonSerializer.Deserialize<JsonElement>(audit).EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "StartConnectionConsent" && e.GetProperty("detail").GetString() == "connection crm" && e.GetProperty("actor").GetString() == "ops");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "DisconnectConnection" && e.GetProperty("detail").GetString() == "connection crm");

        // No token reached a log line, an answer, the audit log or an error.
        var everything = string.Join('\n', _logs.Lines) + audit + await _api.GetStringAsync("manage/instances/acme/connections") + revoked.Exception + before.Exception;
        Assert.NotEmpty(_server.BearerTokens);
        foreach (var token in _server.BearerTokens.Distinct())
        {
            Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_callback_refuses_an_altered_or_expired_state()
    {
        await _host.Services.GetRequiredService<IInstanceStore>().DeployAsync(ConnectionHost.Deployment("acme"));
        var consent = await _api.PostAsync("manage/instances/acme/connections/crm/consent", null);
        var authorizeUrl = new Uri((await consent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorizeUrl").GetString()!);
        var (code, state) = ConnectionHost.CodeAndState(await ConnectionHost.AuthorizeAsync(authorizeUrl));
        using var browser = new HttpClient { BaseAddress = _api.BaseAddress };

        // One character changed well inside the sealed part: near the end a base64 character may carry only padding bits.
        var at = state.Length - 10;
        var tampered = string.Concat(state.AsSpan(0, at), state[at] == 'A' ? "B" : "A", state.AsSpan(at + 1));
        var altered = await browser.GetAsync($"manage/connections/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(tampered)}");
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        Assert.Contains("not valid", await altered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("manage/connections/callback?code=x")).StatusCode);
        var denied = await browser.GetAsync("manage/connections/callback?error=access_denied");
        Assert.Equal(HttpStatusCode.BadRequest, denied.StatusCode);

        _time.Advance(TimeSpan.FromMinutes(16));
        var expired = await browser.GetAsync($"manage/connections/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _server.TokenRequests("authorization_code"));

        // Client credentials need no consent, and a connection the flow does not declare has none.
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.PostAsync("manage/instances/acme/connections/batch/consent", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.PostAsync("manage/instances/acme/connections/nope/consent", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.PostAsync("manage/instances/nobody/connections/crm/consent", null)).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = _api.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("manage/instances/acme/connections/crm/consent", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("manage/instances/acme/connections")).StatusCode);
    }

    private async Task<FlowResult<string>> RunAsync(string contact) =>
        await _host.Services.GetRequiredService<CrmSyncFlow>().RunAsync(contact, new FlowContext(ConnectionHost.FlowName, "acme"));

    private async Task<Dictionary<string, JsonElement>> ConnectionsAsync()
    {
        var list = await _api.GetFromJsonAsync<JsonElement>("manage/instances/acme/connections");
        return list.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
    }

    private async Task<(string Access, string Refresh)> ReadRawTokensAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT access_token, refresh_token FROM flowsdk_connections WHERE instance_id = 'acme' AND connection = 'crm'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1));
    }
}
