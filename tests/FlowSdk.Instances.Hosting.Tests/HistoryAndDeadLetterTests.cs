using System.Net;
using System.Text.Json;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class HistoryAndDeadLetterTests
{
    private const string CrmKey = "crm-key-73d1a9f0";

    private static async Task<InstanceHost> StartAsync()
    {
        var host = await InstanceHost.StartAsync(management: true);
        var acme = await host.Manager.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "greeting",
            ConfigurationJson = """{"greeting":"broken"}""",
            Secrets = new Dictionary<string, string> { ["crm-key"] = CrmKey },
        });
        await host.SeeAsync(acme.Version);
        return host;
    }

    [Fact]
    public async Task Every_instance_execution_is_recorded_with_trigger_times_outcome_failing_step_and_a_redacted_error()
    {
        await using var host = await StartAsync();
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var recorder = host.Services.GetRequiredService<InstanceExecutionRecorder>();

        var completed = await publisher.PublishAsync("acme", new Order(1));
        var failed = await publisher.PublishAsync("acme", new Order(2, "fail:" + CrmKey));
        await recorder.WhenWritten(2).WaitAsync(Recorder.Timeout);

        var history = host.Services.GetRequiredService<IExecutionHistory>();
        var ok = await history.GetExecutionAsync(completed);
        var bad = await history.GetExecutionAsync(failed);
        Assert.NotNull(ok);
        Assert.NotNull(bad);
        Assert.Equal(("acme", "greeting", "channel", ExecutionOutcome.Completed, (string?)null, (string?)null), (ok.InstanceId, ok.FlowName, ok.Trigger, ok.Outcome, ok.FailedStep, ok.Error));
        Assert.Equal((ExecutionOutcome.Failed, "Check"), (bad.Outcome, bad.FailedStep));
        Assert.Equal("System.InvalidOperationException: The CRM refused the call with ***", bad.Error);
        Assert.True(ok.EndedAt >= ok.StartedAt);
        // Both may start within one millisecond, the history's resolution: compared as a set.
        Assert.Equal(new[] { failed, completed }.Order(), (await history.QueryAsync(new ExecutionQuery { InstanceId = "acme" })).Select(r => r.ExecutionId).Order());
        Assert.Equal([failed], (await history.QueryAsync(new ExecutionQuery { InstanceId = "acme", Outcome = ExecutionOutcome.Failed })).Select(r => r.ExecutionId));
    }

    [Fact]
    public async Task A_failed_instance_execution_becomes_a_replayable_dead_letter_and_the_management_api_replays_it()
    {
        await using var host = await StartAsync();
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var recorder = host.Services.GetRequiredService<InstanceExecutionRecorder>();
        var failed = await publisher.PublishAsync("acme", new Order(7, "fail:" + CrmKey));
        await recorder.WhenWritten(1).WaitAsync(Recorder.Timeout);

        var letter = Assert.Single(await host.Services.GetRequiredService<IDeadLetterStore>().QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "acme" }));
        Assert.Equal((failed, "acme", "greeting", "channel", "Check", "application/json"), (letter.ExecutionId, letter.InstanceId, letter.FlowName, letter.Trigger, letter.FailedStep, letter.ContentType));
        Assert.Equal(new Order(7, "fail:" + CrmKey), JsonSerializer.Deserialize(letter.Payload.Span, TestJson.Default.Order));
        Assert.Equal("System.InvalidOperationException: The CRM refused the call with ***", letter.Error);

        // Fix the instance, then replay the same input through the management API.
        var fixedVersion = await host.Manager.UpdateAsync("acme", new InstanceUpdate { ConfigurationJson = """{"greeting":"fixed"}""" });
        await host.SeeAsync(fixedVersion.Version);
        using var management = host.ManagementClient();
        var replay = await management.PostAsync($"/manage/dead-letters/{letter.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var replayed = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetGuid();
        await recorder.WhenWritten(2).WaitAsync(Recorder.Timeout);

        var execution = await host.Services.GetRequiredService<IExecutionHistory>().GetExecutionAsync(replayed);
        Assert.NotNull(execution);
        Assert.Equal(("acme", "replay", ExecutionOutcome.Completed), (execution.InstanceId, execution.Trigger, execution.Outcome));
        var run = host.Recorder.Seen.Single(s => s.ExecutionId == replayed);
        Assert.Equal((new Order(7, "fail:" + CrmKey), "fixed"), ((Order)run.Payload, ((GreetingConfig)run.Configuration!).Greeting));
        Assert.Equal(1, (await host.Services.GetRequiredService<IDeadLetterStore>().GetDeadLetterAsync(letter.Id))!.ReplayCount);

        // A disabled instance refuses the replay; an unknown letter is 404.
        var disabled = await host.Manager.SetEnabledAsync("acme", enabled: false);
        await host.SeeAsync(disabled.Version);
        Assert.Equal(HttpStatusCode.Conflict, (await management.PostAsync($"/manage/dead-letters/{letter.Id}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.PostAsync($"/manage/dead-letters/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Default_instance_executions_are_not_recorded_and_keep_the_plain_dead_letter_sink()
    {
        await using var host = await StartAsync();
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner<FairFlow, Order, Order>();
        var recorder = host.Services.GetRequiredService<InstanceExecutionRecorder>();
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();

        Assert.True(runner.TryEnqueue(new Order(1), out var plain));
        await host.Recorder.When(FlowContext.DefaultInstanceId, 1);
        await publisher.PublishAsync("acme", new Order(2));
        await recorder.WhenWritten(1).WaitAsync(Recorder.Timeout);

        Assert.Null(await host.Services.GetRequiredService<IExecutionHistory>().GetExecutionAsync(plain));
        Assert.Equal(1, recorder.Written);
    }
}
