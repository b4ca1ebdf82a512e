namespace FlowSdk.Hosting.Tests;

[Flow("hook-typed")]
[WebhookTrigger("/hooks/typed")]
public sealed partial class TypedHookFlow(Probe probe)
{
    [Step]
    public void Record(Customer customer, FlowContext context) => probe.Record((customer, context.ExecutionId));
}

[Flow("hook-github")]
[WebhookTrigger("/hooks/github", Signature = WebhookSignature.GitHub)]
public sealed partial class GitHubHookFlow(Probe probe)
{
    [Step]
    public void Record(WebhookRequest request) => probe.Record(request);
}

[Flow("hook-raw")]
[WebhookTrigger("/hooks/raw", MaxBodySize = 16)]
public sealed partial class RawHookFlow(Probe probe)
{
    [Step]
    public void Record(WebhookRequest request) => probe.Record(request);
}

[Flow("hook-sync")]
[WebhookTrigger("/hooks/sync", Synchronous = true)]
public sealed partial class SyncHookFlow
{
    [Filter]
    public static bool IsActive(Customer customer) => customer.Active;

    [Step]
    public static Greeting Greet(Customer customer) =>
        customer.Name == "boom" ? throw new InvalidOperationException("secret internals") : new($"Hello, {customer.Name}");
}

[Flow("hook-gated", Capacity = 1)]
[WebhookTrigger("/hooks/gated")]
public sealed partial class GatedHookFlow(Probe probe)
{
    [Step]
    public ValueTask Enter(Customer customer, CancellationToken cancellationToken) => probe.EnterAsync(customer, cancellationToken);
}
