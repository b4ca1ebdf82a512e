namespace FlowSdk.Hosting.Tests;

/// <summary>
/// Tests that listen to the process-wide "FlowSdk" ActivitySource and Meter, or count allocated bytes, run alone:
/// a listener would make every other test's executions emit telemetry.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
