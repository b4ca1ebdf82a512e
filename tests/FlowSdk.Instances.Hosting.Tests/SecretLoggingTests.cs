using System.Collections.Concurrent;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class SecretLoggingTests
{
    private const string CrmKey = "crm-key-5e2b8c41";

    [Fact]
    public async Task A_failing_instance_execution_never_logs_the_instances_secrets()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await InstanceHost.StartAsync(s => s.AddSingleton<ILoggerProvider>(logs));
        await FailTwiceWithTheKeyInTheErrorAsync(host);

        var text = logs.Lines.ToList();
        Assert.Contains(text, l => l.Contains("dead", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(text, l => l.Contains(CrmKey, StringComparison.Ordinal));
        Assert.Contains(text, l => l.Contains("The CRM refused the call with ***", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_instance_executions_span_events_mask_the_instances_secrets()
    {
        var events = new ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == FlowTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                foreach (var e in activity.Events)
                {
                    foreach (var tag in e.Tags)
                    {
                        events.Enqueue($"{e.Name} {tag.Key}={tag.Value}");
                    }
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var host = await InstanceHost.StartAsync();
        await FailTwiceWithTheKeyInTheErrorAsync(host);

        var messages = events.Where(e => e.Contains("exception.message", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(messages);
        Assert.DoesNotContain(events, e => e.Contains(CrmKey, StringComparison.Ordinal));
        Assert.Contains(messages, e => e.Contains("The CRM refused the call with ***", StringComparison.Ordinal));
    }

    /// <summary>Deploys acme with the CRM key as a secret and runs two executions that fail with the key in their error.</summary>
    private static async Task FailTwiceWithTheKeyInTheErrorAsync(InstanceHost host)
    {
        var acme = await host.Manager.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "greeting",
            ConfigurationJson = """{"greeting":"broken"}""",
            Secrets = new Dictionary<string, string> { ["crm-key"] = CrmKey },
        });
        await host.SeeAsync(acme.Version);
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var recorder = host.Services.GetRequiredService<InstanceExecutionRecorder>();

        await publisher.PublishAsync("acme", new Order(1, "fail:" + CrmKey));
        await recorder.WhenWritten(1).WaitAsync(Recorder.Timeout);
        await publisher.PublishAsync("acme", new Order(2, "fail:" + CrmKey));
        await recorder.WhenWritten(2).WaitAsync(Recorder.Timeout);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
