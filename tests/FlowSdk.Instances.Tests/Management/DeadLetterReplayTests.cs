using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>A server whose flow host can replay: it hands each dead letter to the queue below.</summary>
public sealed class ReplayingManagementServer : ManagementServer
{
    public ReplayQueue Queue { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IDeadLetterReplayer>(Queue);
}

/// <summary>Stands in for the flow host: accepts replays for enabled instances and remembers what it was given.</summary>
public sealed class ReplayQueue : IDeadLetterReplayer
{
    public ConcurrentQueue<DeadLetter> Replayed { get; } = new();

    public HashSet<string> Disabled { get; } = [];

    public ValueTask<Guid> ReplayAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        if (Disabled.Contains(deadLetter.InstanceId))
        {
            throw new DeadLetterReplayException("The instance is disabled.");
        }

        Replayed.Enqueue(deadLetter);
        return ValueTask.FromResult(Guid.NewGuid());
    }
}

public sealed class DeadLetterReplayTests(ReplayingManagementServer server) : IClassFixture<ReplayingManagementServer>
{
    private async Task<DeadLetter> AddAsync(string instanceId)
    {
        var letter = new DeadLetter
        {
            Id = Guid.NewGuid(), ExecutionId = Guid.NewGuid(), InstanceId = instanceId, FlowName = "customer-sync", Trigger = "webhook",
            ContentType = "application/json", Payload = "{\"n\":1}"u8.ToArray(), CreatedAt = DateTimeOffset.UtcNow,
        };
        await server.Services.GetRequiredService<IDeadLetterStore>().AddDeadLetterAsync(letter);
        return letter;
    }

    [Fact]
    public async Task A_replay_hands_the_same_payload_to_the_host_and_is_counted()
    {
        var letter = await AddAsync("acme");
        var admin = server.Client(ManagementServer.AdminKey);

        var response = await admin.PostAsync($"/manage/dead-letters/{letter.Id}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotEqual(Guid.Empty, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("executionId").GetGuid());
        var replayed = Assert.Single(server.Queue.Replayed, l => l.Id == letter.Id);
        Assert.Equal(letter.Payload.ToArray(), replayed.Payload.ToArray());
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/manage/dead-letters/{letter.Id}");
        Assert.Equal(1, stored.GetProperty("replayCount").GetInt32());
    }

    [Fact]
    public async Task A_refused_replay_is_409_and_an_unknown_dead_letter_404()
    {
        server.Queue.Disabled.Add("globex");
        var letter = await AddAsync("globex");
        var admin = server.Client(ManagementServer.AdminKey);

        var refused = await admin.PostAsync($"/manage/dead-letters/{letter.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/manage/dead-letters/{letter.Id}")).GetProperty("replayCount").GetInt32());

        var unknown = await admin.PostAsync($"/manage/dead-letters/{Guid.NewGuid()}/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }
}
