using System.Text.Json;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    // Schema version 4, the step journal: one JSON column on the history row, so an execution's journal is written with
    // its row in one statement, read with it by primary key, and pruned and deleted with it (no table of its own to keep
    // in step). NULL means the execution kept no journal.
    private static readonly (string Table, string Column, string Definition)[] StepJournalColumns =
    [
        ("flowsdk_executions", "steps", "TEXT NULL"),
    ];

    private static string? WriteSteps(IReadOnlyList<ExecutionStep>? steps) =>
        steps is null ? null : JsonSerializer.Serialize(steps as ExecutionStep[] ?? [.. steps], StoreJsonContext.Default.ExecutionStepArray);

    private static ExecutionStep[]? ReadSteps(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoreJsonContext.Default.ExecutionStepArray) ?? [];
}
