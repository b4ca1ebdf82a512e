namespace FlowSdk;

/// <summary>
/// Declares a flow: a trigger plus the ordered steps (<see cref="StepAttribute"/>, <see cref="FilterAttribute"/>,
/// <see cref="SplitAttribute"/>) of this <c>partial</c> class. The generator adds <c>RunAsync</c> to the class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class FlowAttribute : Attribute
{
    /// <summary>Declares a flow with its stable name.</summary>
    /// <param name="name">The flow's stable identity, used in logs, metrics, routes and instances.</param>
    public FlowAttribute(string name) => Name = name;

    /// <summary>The flow's stable identity.</summary>
    public string Name { get; }

    /// <summary>Capacity of the flow's bounded queue in a host. Default 1024; configuration may override it.</summary>
    public int Capacity { get; set; } = 1024;

    /// <summary>How many executions of the flow a host runs at once. Default 1; configuration may override it.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// The flow's per-instance configuration type. Steps take it as a parameter and receive the configuration of the
    /// instance the execution runs for, strongly typed. It must be a non-abstract class with a public constructor.
    /// </summary>
    public Type? Configuration { get; set; }
}
