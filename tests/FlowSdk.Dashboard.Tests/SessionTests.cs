using System.Net;
using System.Text;
using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Dashboard.Tests;

/// <summary>The dashboard's server side over plain HTTP: files, sign-in cookie, CSRF, counts.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_page_and_its_modules_are_served_from_the_assembly_under_a_strict_content_security_policy()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        using var redirect = await client.GetAsync("/manage/ui");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/manage/ui/", redirect.Headers.Location?.ToString());

        using var page = await client.GetAsync("/manage/ui/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("""<script type="module" src="app.js"></script>""", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        foreach (var file in new[] { "app.js", "api.js", "dom.js", "form.js", "overview.js", "instances.js", "executions.js", "deadletters.js", "app.css" })
        {
            using var asset = await client.GetAsync("/manage/ui/" + file);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, file);
            var text = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("https://", text.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
            using var again = new HttpRequestMessage(HttpMethod.Get, "/manage/ui/" + file);
            again.Headers.IfNoneMatch.Add(asset.Headers.ETag!);
            using var cached = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        }

        using var missing = await client.GetAsync("/manage/ui/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Signing_in_sets_a_strict_http_only_cookie_that_reads_but_changes_nothing_without_its_csrf_token()
    {
        await _host.DeployAsync("acme", Secret);
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = _host.BaseAddress };

        using (var wrong = await browser.PostAsync("/manage/ui/session", Json("""{"key":"reader-not-a-key-not-a-key-not-a-key"}""")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        // A form, as another site could post one without a preflight, signs nobody in, even with a right key.
        using (var form = await browser.PostAsync("/manage/ui/session", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = DashboardHost.AdminKey })))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
            Assert.False(form.Headers.Contains("Set-Cookie"));
        }

        using var signIn = await browser.PostAsync("/manage/ui/session", Json($$"""{"key":"{{DashboardHost.AdminKey}}"}"""));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/manage", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DashboardHost.AdminKey, cookie, StringComparison.Ordinal);
        var session = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("ops", "Admin"), (session.GetProperty("name").GetString(), session.GetProperty("role").GetString()));
        var csrf = session.GetProperty("csrfToken").GetString()!;
        Assert.True(csrf.Length >= 40);

        // Reads with the cookie alone.
        using (var list = await browser.GetAsync("/manage/instances"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        // A change without the token, or with a wrong one, is not authenticated at all.
        using (var forged = await browser.PostAsync("/manage/instances/acme/disable", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/manage/instances/acme/disable"))
        {
            wrongToken.Headers.Add("X-CSRF-Token", csrf[..^2] + "xx");
            using var answer = await browser.SendAsync(wrongToken);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        Assert.True((await Store.GetAsync("acme"))!.Enabled);

        using (var withToken = new HttpRequestMessage(HttpMethod.Post, "/manage/instances/acme/disable"))
        {
            withToken.Headers.Add("X-CSRF-Token", csrf);
            using var answer = await browser.SendAsync(withToken);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.False((await Store.GetAsync("acme"))!.Enabled);

        // The change is audited under the key's name.
        using var admin = _host.Client();
        var audit = JsonDocument.Parse(await admin.GetStringAsync("/manage/audit?target=acme")).RootElement;
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "DisableInstance" && e.GetProperty("actor").GetString() == "ops");

        // Signing out (itself a change: it needs the token) ends the session.
        using (var signOut = new HttpRequestMessage(HttpMethod.Delete, "/manage/ui/session"))
        {
            signOut.Headers.Add("X-CSRF-Token", csrf);
            using var answer = await browser.SendAsync(signOut);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        using var after = await browser.GetAsync("/manage/instances");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_that_was_tampered_with_is_not_signed_in()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/manage/ui/session");
        request.Headers.Add("Cookie", "flowsdk-session=CfDJ8" + new string('A', 120));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_overview_counts_executions_per_flow_and_outcome_and_the_live_feed_needs_a_signed_in_reader()
    {
        await _host.DeployAsync("acme", Secret);
        var completed = await _host.PostOrderAsync("acme", Secret, new Order(1));
        var failed = await _host.PostOrderAsync("acme", Secret, new Order(2, "fail"));
        await _host.DeadLetters.StoredAsync(failed);
        var history = _host.Services.GetRequiredService<IExecutionHistory>();
        await WaitEndedAsync(history, completed);
        await WaitEndedAsync(history, failed);

        using var reader = _host.Client(DashboardHost.ReaderKey);
        var stats = JsonDocument.Parse(await reader.GetStringAsync("/manage/ui/api/stats?hours=1")).RootElement;
        var flow = Assert.Single(stats.GetProperty("flows").EnumerateArray());
        Assert.Equal("order-push", flow.GetProperty("flow").GetString());
        Assert.Equal((1, 1, 0L), (flow.GetProperty("completed").GetInt64(), flow.GetProperty("failed").GetInt64(), flow.GetProperty("pending").GetInt64()));
        Assert.Equal(24, flow.GetProperty("buckets").GetArrayLength());
        Assert.Equal(2, flow.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("completed").GetInt64() + b.GetProperty("failed").GetInt64()));

        using var anonymous = _host.Client(null);
        using var live = await anonymous.GetAsync("/manage/ui/api/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, live.StatusCode);
        using var badHours = await reader.GetAsync("/manage/ui/api/stats?hours=0");
        Assert.Equal(HttpStatusCode.BadRequest, badHours.StatusCode);
    }

    [Fact]
    public async Task Executions_page_by_a_keyset_cursor_and_instances_are_searched_by_id_or_customer()
    {
        await _host.DeployAsync("acme-1", Secret);
        await _host.DeployAsync("acme-2", Secret);
        await _host.DeployAsync("globex", Secret);
        var history = _host.Services.GetRequiredService<IExecutionHistory>();
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);

        // Five executions in one millisecond: a time cursor would skip or repeat them, the keyset does not.
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            await history.RecordAsync(new ExecutionRecord { ExecutionId = id, InstanceId = "globex", FlowName = "order-push", Trigger = "webhook", StartedAt = at, EndedAt = at, Outcome = ExecutionOutcome.Completed });
        }

        using var client = _host.Client(DashboardHost.ReaderKey);
        var pages = new List<Guid>();
        string? before = null;
        while (true)
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/manage/executions?instance=globex&limit=2{(before is null ? "" : "&before=" + before)}")).RootElement;
            var got = page.EnumerateArray().Select(e => e.GetProperty("executionId").GetGuid()).ToList();
            if (got.Count == 0)
            {
                break;
            }

            pages.AddRange(got);
            before = got[^1].ToString();
        }

        Assert.Equal(ids.OrderDescending(), pages);
        using var badCursor = await client.GetAsync("/manage/executions?before=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);

        var found = JsonDocument.Parse(await client.GetStringAsync("/manage/instances?search=ACME")).RootElement;
        Assert.Equal(["acme-1", "acme-2"], found.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var byCustomer = JsonDocument.Parse(await client.GetStringAsync("/manage/instances?search=customer%20glob")).RootElement;
        Assert.Equal(["globex"], byCustomer.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var wildcard = JsonDocument.Parse(await client.GetStringAsync("/manage/instances?search=%25")).RootElement;
        Assert.Empty(wildcard.EnumerateArray());
    }

    private IInstanceStore Store => _host.Services.GetRequiredService<IInstanceStore>();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The history row is written by the runtime after the run and offers no signal: read it until it ended, bounded by
    // a deadline (as tests/FlowSdk.Instances.Hosting.Tests/Infrastructure/Poll.cs does).
    private static async Task WaitEndedAsync(IExecutionHistory history, Guid executionId)
    {
        var deadline = DateTime.UtcNow + DeadLetterSignal.Timeout;
        while ((await history.GetExecutionAsync(executionId))?.EndedAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Execution {executionId} did not end in time.");
            await Task.Delay(20);
        }
    }
}
