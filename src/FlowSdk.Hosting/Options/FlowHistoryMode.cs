namespace FlowSdk.Hosting;

/// <summary>Which instance executions of a flow the execution history records (<see cref="FlowOptions.History"/>).</summary>
public enum FlowHistoryMode
{
    /// <summary>Every execution; a durable flow's from its acceptance (Pending, Running) to its outcome. The default.</summary>
    All,

    /// <summary>Only executions that failed, recorded when they end: nothing is written for one that completed or was filtered.</summary>
    Failures,

    /// <summary>None.</summary>
    Off,
}
