using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting.Tests;

/// <summary>The step journal an execution's report carries: instance executions only, the last attempt, payloads on request.</summary>
public sealed class JournalTests
{
    private static readonly FlowInstanceBinding Acme = FlowInstanceBinding.Create("acme", null);

    private static async Task<(FlowExecutionReport Report, Microsoft.Extensions.Hosting.IHost Host)> RunAsync(Job job, FlowInstanceBinding? instance, Action<FlowOptions>? options = null)
    {
        var probe = new Probe();
        var reports = new ReportCollector();
        var host = await WorkerTestHost.StartAsync(s =>
        {
            s.AddSingleton(probe).AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<PoisonFlow, Job, Job>(PoisonFlow.Definition);
            if (options is not null)
            {
                s.Configure("poison", options);
            }
        });
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner<PoisonFlow, Job, Job>();
        Assert.True(runner.TryEnqueue(instance, job, "channel", out var id));
        await reports.WhenCount(1);
        var report = Assert.Single(reports.Reports);
        Assert.Equal(id, report.ExecutionId);
        return (report, host);
    }

    [Fact]
    public async Task An_instance_execution_journals_every_step_it_ran_in_order_by_default()
    {
        var (report, host) = await RunAsync(new Job(7), Acme);
        using var _ = host;

        var steps = report.Steps!;
        Assert.Equal(["0 Check Step 1 Completed", "1 Flaky Step 1 Completed", "2 Done Step 1 Completed"], steps.Select(s => $"{s.Index} {s.Name} {s.Kind} {s.Calls} {s.Outcome}"));
        Assert.All(steps, s => Assert.Null(s.Payload));
        Assert.All(steps, s => Assert.True(s.Duration >= TimeSpan.Zero && s.StartedAt >= report.StartedAt && s.StartedAt <= report.EndedAt));
        Assert.Equal(steps.Select(s => s.StartedAt).Order(), steps.Select(s => s.StartedAt));
    }

    [Fact]
    public async Task A_default_instance_execution_and_a_flow_with_the_journal_off_keep_none()
    {
        var (defaultInstance, first) = await RunAsync(new Job(7), null);
        first.Dispose();
        var (off, second) = await RunAsync(new Job(7), Acme, o => o.Journal = FlowJournalMode.Off);
        second.Dispose();

        Assert.Null(defaultInstance.Steps);
        Assert.Null(off.Steps);
    }

    [Fact]
    public async Task A_retried_execution_journals_its_last_attempt_and_a_failed_one_names_its_step_and_exception()
    {
        var (retried, first) = await RunAsync(new Job(100), Acme);
        first.Dispose();
        var (failed, second) = await RunAsync(new Job(-1), Acme);
        second.Dispose();

        Assert.Equal(3, retried.Attempts);
        Assert.Equal(["Check 1 Completed", "Flaky 1 Completed", "Done 1 Completed"], retried.Steps!.Select(s => $"{s.Name} {s.Calls} {s.Outcome}"));
        var check = Assert.Single(failed.Steps!);
        Assert.Equal(("Check", FlowStepOutcome.Failed), (check.Name, check.Outcome));
        Assert.Same(failed.Exception, check.Exception);
    }

    [Fact]
    public async Task With_payloads_each_step_keeps_the_json_it_received_cut_at_the_limit_after_redaction()
    {
        var (report, host) = await RunAsync(new Job(123456), Acme, o =>
        {
            o.Journal = FlowJournalMode.StepsAndPayloads;
            o.JournalPayloadLimit = 8;
        });
        using var _ = host;

        var check = report.Steps![0];
        Assert.Equal(("""{"id":123456}""", 13), (check.Payload, check.PayloadBytes));
        Assert.Equal(("""{"id":12""", true), (check.RedactPayload(t => t, out var truncated), truncated));
        Assert.Equal(("""{"id":0}""", false), (check.RedactPayload(t => t.Replace("123456", "0", StringComparison.Ordinal), out var masked), masked));
    }

    [Theory]
    [InlineData("StepsAndPayloads", FlowJournalMode.StepsAndPayloads)]
    [InlineData("off", FlowJournalMode.Off)]
    public void The_journal_is_set_per_flow_in_configuration(string value, FlowJournalMode expected)
    {
        using var provider = Provider(new() { ["Flows:poison:Journal"] = value, ["Flows:poison:JournalPayloadLimit"] = "512" });

        var options = provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("poison");

        Assert.Equal((expected, 512), (options.Journal, options.JournalPayloadLimit));
        Assert.Equal((FlowJournalMode.Steps, FlowOptions.DefaultJournalPayloadLimit), (new FlowOptions().Journal, new FlowOptions().JournalPayloadLimit));
    }

    [Theory]
    [InlineData("Failures", FlowHistoryMode.Failures)]
    [InlineData("off", FlowHistoryMode.Off)]
    public void The_history_mode_is_set_per_flow_in_configuration(string value, FlowHistoryMode expected)
    {
        using var provider = Provider(new() { ["Flows:poison:History"] = value });

        Assert.Equal(expected, provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("poison").History);
        Assert.Equal(FlowHistoryMode.All, new FlowOptions().History);
    }

    [Theory]
    [InlineData("Everything")]
    [InlineData("2")]
    public void An_unknown_journal_mode_fails_naming_the_setting_and_the_choices(string value)
    {
        using var provider = Provider(new() { ["Flows:poison:Journal"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("poison"));

        Assert.Contains("Flows:poison:Journal", error.Message, StringComparison.Ordinal);
        Assert.Contains("Off, Steps, StepsAndPayloads", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddSingleton(new Probe());
        services.AddTestFlow<PoisonFlow, Job, Job>(PoisonFlow.Definition);
        return services.BuildServiceProvider();
    }
}
