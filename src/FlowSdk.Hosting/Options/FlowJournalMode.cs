namespace FlowSdk.Hosting;

/// <summary>What the step journal of a flow's instance executions records (<see cref="FlowOptions.Journal"/>).</summary>
public enum FlowJournalMode
{
    /// <summary>No journal: the execution history keeps the outcome only.</summary>
    Off,

    /// <summary>Each step's name, kind, start, duration, outcome, calls and a split's item counts. The default.</summary>
    Steps,

    /// <summary>As <see cref="Steps"/>, plus the JSON of the payload each step received, redacted and capped.</summary>
    StepsAndPayloads,
}
