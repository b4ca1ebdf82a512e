using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlowSdk.Hosting;
using FlowSdk.Instances.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// Webhooks as senders send them: a redelivery answered like the first, a rotation both secrets pass, cheap refusals
/// before the body, and nothing of a request's credentials kept.
/// </summary>
public sealed class InstanceWebhookDeliveryTests
{
    private static readonly string AcmeSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static async Task<Guid> ExecutionId(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetGuid();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_redelivered_message_is_answered_with_the_first_execution_id_and_runs_once(bool durable)
    {
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowOptions>("greeting", o => o.Durable = durable));
        await host.DeployAsync("acme", "greeting", "Hello", AcmeSecret);

        // The sender retries as Standard Webhooks senders do: same webhook-id, a new timestamp and so a new signature.
        var first = await ExecutionId(await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":1}""", AcmeSecret, messageId: "msg_order_1")));
        await host.Recorder.When("acme", 1);
        for (var retry = 1; retry <= 4; retry++)
        {
            var again = await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":1}""", AcmeSecret, DateTimeOffset.UtcNow.AddSeconds(-retry), messageId: "msg_order_1"));
            Assert.Equal(first, await ExecutionId(again));
        }

        // A new delivery runs; once it has, the four redeliveries provably did not.
        var next = await ExecutionId(await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":2}""", AcmeSecret, messageId: "msg_order_2")));
        Assert.NotEqual(first, next);
        await host.Recorder.When("acme", 2);
        var history = host.Services.GetRequiredService<IExecutionHistory>();
        await Poll.UntilAsync(() => history.GetExecutionAsync(next), r => r?.Outcome == ExecutionOutcome.Completed);
        Assert.Equal(2, host.Recorder.Total);
        Assert.Equal([first, next], host.Recorder.Seen.Select(s => s.ExecutionId).Order());
    }

    [Fact]
    public async Task The_same_delivery_sent_to_two_nodes_on_PostgreSQL_at_once_runs_once_with_one_execution_id()
    {
        var server = Environment.GetEnvironmentVariable("FLOWSDK_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("FLOWSDK_POSTGRES is not set: start a server with `source .ci/postgres.sh`.");
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var database = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
            await using var a = await InstanceHost.StartAsync(postgres: database);
            await using var b = await InstanceHost.StartAsync(postgres: database);
            var acme = await a.DeployAsync("acme", "greeting", "Hello", AcmeSecret);
            await b.SeeAsync(acme.Version);

            const int Deliveries = 10;
            var ids = new HashSet<Guid>();
            for (var i = 0; i < Deliveries; i++)
            {
                var messageId = $"msg_{i}";
                var body = $$"""{"number":{{i}}}""";
                var sends = Enumerable.Range(0, 6).Select(k => Task.Run(() => (k % 2 == 0 ? a : b).Client.SendAsync(InstanceWebhookTests.Signed("acme", body, AcmeSecret, messageId: messageId))));
                var answers = await Task.WhenAll(sends);
                var executionIds = await Task.WhenAll(answers.Select(ExecutionId));
                Assert.Single(executionIds.Distinct());
                ids.Add(executionIds[0]);
            }

            Assert.Equal(Deliveries, ids.Count);
            var history = a.Services.GetRequiredService<IExecutionHistory>();
            foreach (var id in ids)
            {
                await Poll.UntilAsync(() => history.GetExecutionAsync(id), r => r?.Outcome == ExecutionOutcome.Completed);
            }

            Assert.Equal(Deliveries, a.Recorder.Total + b.Recorder.Total);
            Assert.Equal(ids.Order(), a.Recorder.Seen.Concat(b.Recorder.Seen).Select(s => s.ExecutionId).Order());
        }
        finally
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_verify_until_the_previous_one_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await InstanceHost.StartAsync(time: clock);
        await host.DeployAsync("acme", "greeting", "Hello", AcmeSecret);

        var rotation = await host.Manager.RotateWebhookSecretAsync("acme", previousLifetime: TimeSpan.FromHours(24));
        await host.SeeAsync(rotation.Instance.Version);
        var newSecret = rotation.Secret;
        Assert.NotEqual(AcmeSecret, newSecret);

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":1}""", AcmeSecret, clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":2}""", newSecret, clock.GetUtcNow()))).StatusCode);

        // A sender moving over signs with both, as Standard Webhooks allows: one of them matches.
        var both = InstanceWebhookTests.Signed("acme", """{"number":3}""", newSecret, clock.GetUtcNow(), messageId: "msg_both");
        var timestamp = clock.GetUtcNow();
        both.Headers.Remove("webhook-signature");
        both.Headers.Add("webhook-signature", new StandardWebhooks.StandardWebhook(AcmeSecret).Sign("msg_both", timestamp, """{"number":3}""") + " " + new StandardWebhooks.StandardWebhook(newSecret).Sign("msg_both", timestamp, """{"number":3}"""));
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(both)).StatusCode);

        // The same two signatures as two header lines (joined "a, b" on the way): still one match.
        var lines = InstanceWebhookTests.Signed("acme", """{"number":7}""", newSecret, timestamp, messageId: "msg_lines");
        lines.Headers.Remove("webhook-signature");
        lines.Headers.Add("webhook-signature", [new StandardWebhooks.StandardWebhook(AcmeSecret).Sign("msg_lines", timestamp, """{"number":7}"""), new StandardWebhooks.StandardWebhook(newSecret).Sign("msg_lines", timestamp, """{"number":7}""")]);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(lines)).StatusCode);

        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await host.Catalog.RefreshAsync();

        // The previous secret has expired; the new one goes on.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":5}""", AcmeSecret, clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":6}""", newSecret, clock.GetUtcNow()))).StatusCode);
        await host.Recorder.When("acme", 5);
        Assert.Equal([1, 2, 3, 6, 7], host.Recorder.Seen.Select(s => ((Order)s.Payload).Number).Order());
    }

    [Fact]
    public async Task Missing_signature_headers_and_a_stale_timestamp_are_refused_before_the_body_is_read()
    {
        await using var host = await InstanceHost.StartAsync();
        await host.DeployAsync("acme", "greeting", "Hello", AcmeSecret);

        foreach (var strip in new[] { "webhook-signature", "webhook-id", null })
        {
            var request = InstanceWebhookTests.Signed("acme", "{}", AcmeSecret, strip is null ? DateTimeOffset.UtcNow.AddMinutes(-10) : null);
            if (strip is not null)
            {
                request.Headers.Remove(strip);
            }

            // The body never arrives in full: only an answer given before reading it can come back.
            Assert.Equal(401, await StalledPostAsync(host, request));
        }

        Assert.Equal(0, host.Recorder.Total);
    }

    [Fact]
    public async Task A_body_slower_than_its_deadline_is_answered_408_and_nothing_runs()
    {
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowOptions>("greeting", o => o.Webhook.BodyTimeout = TimeSpan.FromMilliseconds(300)));
        await host.DeployAsync("acme", "greeting", "Hello", AcmeSecret);

        Assert.Equal(408, await StalledPostAsync(host, InstanceWebhookTests.Signed("acme", "{}", AcmeSecret)));
        Assert.Equal(0, host.Recorder.Total);
    }

    /// <summary>
    /// Sends <paramref name="request"/>'s line and headers over a raw connection, announcing a 4 KiB body of which only
    /// a few bytes follow, and returns the status code of the answer that comes back meanwhile.
    /// </summary>
    private static async Task<int> StalledPostAsync(InstanceHost host, HttpRequestMessage request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host.Client.BaseAddress!.Host, host.Client.BaseAddress.Port);
        var stream = client.GetStream();
        var head = new StringBuilder($"POST {request.RequestUri} HTTP/1.1\r\nHost: {host.Client.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n");
        foreach (var (name, values) in request.Headers)
        {
            head.Append(name).Append(": ").Append(string.Join(",", values)).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString() + """{"number":1,"note":"""));
        await stream.FlushAsync();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync().WaitAsync(Recorder.Timeout);
        return int.Parse(status!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Until_the_instances_are_loaded_and_once_they_are_too_old_webhooks_answer_503_and_readiness_is_unhealthy()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new GatedInstanceStore();
        await store.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "greeting",
            ConfigurationJson = """{"greeting":"Hello"}""",
            Secrets = new Dictionary<string, string> { ["webhook-secret"] = AcmeSecret },
        });
        await using var host = await InstanceHost.StartAsync(s =>
        {
            s.RemoveAll<IInstanceStore>().AddSingleton<IInstanceStore>(store);
            s.AddHealthChecks().AddFlowInstanceChecks();
        }, time: clock);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var early = await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":1}""", AcmeSecret, clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.NotNull(early.Headers.RetryAfter);
        var notReady = await health.CheckHealthAsync(c => c.Tags.Contains(FlowInstancesHealthChecksBuilderExtensions.ReadyTag));
        Assert.Equal(HealthStatus.Unhealthy, notReady.Entries["flowsdk-catalog"].Status);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(c => c.Tags.Contains(FlowInstancesHealthChecksBuilderExtensions.LiveTag))).Status);

        store.Open();
        await host.Catalog.RefreshAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":2}""", AcmeSecret, clock.GetUtcNow()))).StatusCode);
        var ready = await health.CheckHealthAsync(c => c.Tags.Contains(FlowInstancesHealthChecksBuilderExtensions.ReadyTag));
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal(1, ready.Entries["flowsdk-catalog"].Data["instances"]);

        // The store stops answering: past the staleness limit the node no longer serves what it last saw.
        store.Close();
        clock.Advance(TimeSpan.FromSeconds(31));
        var stale = await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":3}""", AcmeSecret, clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stale.StatusCode);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(c => c.Tags.Contains(FlowInstancesHealthChecksBuilderExtensions.ReadyTag))).Status);

        store.Open();
        await host.Catalog.RefreshAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", """{"number":4}""", AcmeSecret, clock.GetUtcNow()))).StatusCode);
    }

    [Fact]
    public async Task A_raw_request_keeps_no_credentials_in_what_the_flow_sees_or_its_dead_letter_stores()
    {
        const string GitHubSecret = "a-github-secret-of-32-characters";
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowOptions>("github-push", o => o.Webhook.DroppedHeaders.Add("X-Partner-Token")));
        var deployed = await host.Manager.DeployAsync(new InstanceDeployment
        {
            Id = "gh",
            FlowName = "github-push",
            ConfigurationJson = """{"greeting":"Hello"}""",
            Secrets = new Dictionary<string, string> { ["webhook-secret"] = GitHubSecret },
        });
        await host.SeeAsync(deployed.Version);

        const string body = """{"ref":"refs/heads/main","fail":true}""";
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(GitHubSecret), Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github/gh") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", signature);
        request.Headers.Add("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer user-token-1234567890");
        request.Headers.TryAddWithoutValidation("Cookie", "session=cookie-value-1234567890");
        request.Headers.Add("X-Partner-Token", "partner-token-1234567890");

        var executionId = await ExecutionId(await host.Client.SendAsync(request));

        await host.Recorder.When("gh", 1);
        var seen = (WebhookRequest)host.Recorder.Seen.Single().Payload;
        Assert.Equal("push", seen.Headers["X-GitHub-Event"]);
        foreach (var dropped in new[] { "Authorization", "Cookie", "X-Partner-Token", "X-Hub-Signature-256", "X-GitHub-Delivery" })
        {
            Assert.False(seen.Headers.ContainsKey(dropped), dropped + " reached the flow");
        }

        var deadLetters = host.Services.GetRequiredService<IDeadLetterStore>();
        var letter = (await Poll.UntilAsync(() => deadLetters.QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "gh" }), l => l.Count == 1)).Single();
        Assert.Equal(executionId, letter.ExecutionId);
        var stored = Encoding.UTF8.GetString(letter.Payload.Span);
        Assert.Contains("X-GitHub-Event", stored, StringComparison.OrdinalIgnoreCase);
        foreach (var value in new[] { "user-token-1234567890", "cookie-value-1234567890", "partner-token-1234567890", signature[7..], "Authorization" })
        {
            Assert.DoesNotContain(value, stored, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>An instance store whose change feed stays shut until opened: a catalog that has not loaded yet.</summary>
    private sealed class GatedInstanceStore : IInstanceStore
    {
        private readonly MemoryInstanceStore _inner = new();
        private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task InitializeAsync(CancellationToken cancellationToken = default) => _inner.InitializeAsync(cancellationToken);

        public Task<FlowInstance> DeployAsync(InstanceDeployment deployment, CancellationToken cancellationToken = default) => _inner.DeployAsync(deployment, cancellationToken);

        public Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default) => _inner.GetAsync(instanceId, cancellationToken);

        public Task<IReadOnlyList<FlowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) => _inner.ListAsync(query, cancellationToken);

        public Task<FlowInstance> UpdateAsync(string instanceId, InstanceUpdate update, long? expectedVersion = null, CancellationToken cancellationToken = default) => _inner.UpdateAsync(instanceId, update, expectedVersion, cancellationToken);

        public Task<FlowInstance> SetEnabledAsync(string instanceId, bool enabled, long? expectedVersion = null, CancellationToken cancellationToken = default) => _inner.SetEnabledAsync(instanceId, enabled, expectedVersion, cancellationToken);

        public Task<bool> DeleteAsync(string instanceId, long? expectedVersion = null, CancellationToken cancellationToken = default) => _inner.DeleteAsync(instanceId, expectedVersion, cancellationToken);

        public Task<InstanceSecrets?> GetSecretsAsync(string instanceId, CancellationToken cancellationToken = default) => _inner.GetSecretsAsync(instanceId, cancellationToken);

        public async Task<long> GetVersionAsync(CancellationToken cancellationToken = default)
        {
            await _open.Task.WaitAsync(cancellationToken);
            return await _inner.GetVersionAsync(cancellationToken);
        }

        public async Task<InstanceChangeSet> GetChangesAsync(long sinceVersion, int limit = 1000, CancellationToken cancellationToken = default)
        {
            await _open.Task.WaitAsync(cancellationToken);
            return await _inner.GetChangesAsync(sinceVersion, limit, cancellationToken);
        }
    }
}
