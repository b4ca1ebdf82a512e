namespace FlowSdk;

/// <summary>
/// Sees each step of an execution start, for hosts that trace or time steps. Set on a <see cref="FlowContext"/>;
/// with none set, generated code pays one null check per step.
/// </summary>
public interface IFlowStepObserver
{
    /// <summary>Step <paramref name="stepIndex"/> (its position in <see cref="FlowDefinition.Steps"/>) is about to run.</summary>
    void OnStepStarting(FlowContext context, int stepIndex);
}
