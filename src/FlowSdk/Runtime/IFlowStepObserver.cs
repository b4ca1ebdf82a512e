namespace FlowSdk;

/// <summary>
/// Sees each step of an execution start, for hosts that trace or time steps. Set on a <see cref="FlowContext"/>;
/// with none set, generated code pays one null check per step.
/// </summary>
public interface IFlowStepObserver
{
    /// <summary>Step <paramref name="stepIndex"/> (its position in <see cref="FlowDefinition.Steps"/>) is about to run.</summary>
    void OnStepStarting(FlowContext context, int stepIndex);

    /// <summary>
    /// Step <paramref name="stepIndex"/> is about to run with <paramref name="payload"/>. Generated code calls this one;
    /// the default forwards to <see cref="OnStepStarting(FlowContext, int)"/>, so an observer that does not look at
    /// payloads implements only that.
    /// </summary>
    void OnStepStarting<T>(FlowContext context, int stepIndex, T payload) => OnStepStarting(context, stepIndex);
}
