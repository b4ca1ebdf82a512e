using FlowSdk.Hosting;

// OpenTelemetry's convention for instrumentation libraries: the extension sits in the builder's namespace, so a
// Program.cs that configures metrics needs no FlowSdk using.
namespace OpenTelemetry.Metrics;

/// <summary>Subscribes an OpenTelemetry meter provider to FlowSdk's metrics.</summary>
public static class FlowSdkMeterProviderBuilderExtensions
{
    /// <summary>
    /// Adds FlowSdk's metrics (meter <c>FlowSdk</c>): <c>flowsdk.executions</c>, <c>flowsdk.execution.duration</c>,
    /// <c>flowsdk.attempt.duration</c>, <c>flowsdk.step.duration</c>, <c>flowsdk.queue.depth</c>,
    /// <c>flowsdk.dead_letters</c>, <c>flowsdk.retries</c> and <c>flowsdk.rejected</c>, each tagged <c>flow</c>.
    /// Steps are timed only while something listens; this turns step timing on.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MeterProviderBuilder AddFlowSdkInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(FlowTelemetry.Name);
    }
}
