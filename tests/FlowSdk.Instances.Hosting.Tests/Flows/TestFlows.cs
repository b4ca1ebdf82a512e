namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>One flow deployed to many customers: a channel and a webhook trigger, typed configuration per instance.</summary>
[Flow("greeting", MaxConcurrency = 4, Configuration = typeof(GreetingConfig))]
[ChannelTrigger]
[WebhookTrigger("/hooks/greeting")]
public sealed partial class GreetingFlow(Recorder recorder)
{
    [Step]
    public async ValueTask<Order> Record(Order order, GreetingConfig config, FlowContext context, CancellationToken cancellationToken)
    {
        await recorder.EnterAsync(new Seen(context.InstanceId, context.ExecutionId, config, order), cancellationToken);
        return order;
    }

    /// <summary>Fails an order noted "fail:{key}" until the instance's greeting says "fixed".</summary>
    [Step]
    public Order Check(Order order, GreetingConfig config) =>
        order.Note is { } note && note.StartsWith("fail:", StringComparison.Ordinal) && config.Greeting != "fixed"
            ? throw new InvalidOperationException($"The CRM refused the call with {note[5..]}")
            : order;
}

/// <summary>GitHub's signature on the raw request: what a flow sees of the headers, and what its dead letter keeps.</summary>
[Flow("github-push", Configuration = typeof(GreetingConfig))]
[WebhookTrigger("/hooks/github", Signature = WebhookSignature.GitHub)]
public sealed partial class GitHubPushFlow(Recorder recorder)
{
    [Step]
    public async ValueTask<WebhookRequest> Record(WebhookRequest request, GreetingConfig config, FlowContext context, CancellationToken cancellationToken)
    {
        await recorder.EnterAsync(new Seen(context.InstanceId, context.ExecutionId, config, request), cancellationToken);
        return request;
    }

    [Step]
    public WebhookRequest Check(WebhookRequest request) =>
        request.Body.Span.IndexOf("fail"u8) >= 0 ? throw new InvalidOperationException("The push was refused.") : request;
}

/// <summary>A scheduled flow whose instances each fire on their own schedule.</summary>
[Flow("ticking", Configuration = typeof(GreetingConfig))]
[ScheduleTrigger("0 * * * *")]
public sealed partial class TickingFlow(Recorder recorder)
{
    [Step]
    public void Record(ScheduledTick tick, GreetingConfig config, FlowContext context) =>
        recorder.Record(new Seen(context.InstanceId, context.ExecutionId, config, tick));
}

/// <summary>A flow without a configuration type, shared by a flooding instance and a small one.</summary>
[Flow("fair", MaxConcurrency = 2, Capacity = 20_000)]
[ChannelTrigger]
public sealed partial class FairFlow(Recorder recorder)
{
    [Step]
    public ValueTask Record(Order order, FlowContext context, CancellationToken cancellationToken) =>
        recorder.EnterAsync(new Seen(context.InstanceId, context.ExecutionId, null, order), cancellationToken);
}

/// <summary>A value-type payload and one synchronous step: what the allocation test pushes through the host.</summary>
[Flow("count", Capacity = 8192)]
[ChannelTrigger]
public sealed partial class CountFlow(AllocCounter counter)
{
    [Step]
    public void Count(int number) => counter.Increment();
}

/// <summary>
/// Two triggers, two payloads: each instance's webhook takes an order for the first step; each instance's hourly schedule
/// enters through an entry that hands over the orders to check again.
/// </summary>
[Flow("orders-sync", Configuration = typeof(GreetingConfig))]
[WebhookTrigger("/hooks/orders-sync")]
[ScheduleTrigger("0 * * * *", Entry = nameof(Recheck))]
public sealed partial class OrdersSyncFlow(Recorder recorder)
{
    [Entry]
    public IEnumerable<Order> Recheck(ScheduledTick tick, GreetingConfig config) =>
        [new(100, $"{config.Greeting} at {tick.ScheduledAt:HH:mm}"), new(101, $"{config.Greeting} at {tick.ScheduledAt:HH:mm}")];

    [Step]
    public Order Record(Order order, FlowContext context)
    {
        recorder.Record(new Seen(context.InstanceId, context.ExecutionId, context.Configuration, order));
        return order;
    }
}
