using FlowSdk.Hosting;

// OpenTelemetry's convention for instrumentation libraries: the extension sits in the builder's namespace, so a
// Program.cs that configures tracing needs no FlowSdk using.
namespace OpenTelemetry.Trace;

/// <summary>Subscribes an OpenTelemetry tracer provider to FlowSdk's spans.</summary>
public static class FlowSdkTracerProviderBuilderExtensions
{
    /// <summary>
    /// Adds FlowSdk's <c>flowsdk.execution</c> spans: one per execution (all its attempts), tagged <c>flow.name</c>,
    /// <c>flow.execution_id</c>, <c>flow.instance_id</c>, <c>flow.outcome</c> and <c>flow.attempts</c>, with a
    /// <c>step</c> event per step and an event per attempt (<c>attempt.finished</c>, or <c>step.failed</c> when the attempt
    /// failed). A span's parent is the activity that was current where the message was enqueued (the publisher's
    /// caller, or the webhook request when ASP.NET Core is traced).
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TracerProviderBuilder AddFlowSdkInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(FlowTelemetry.Name);
    }
}
