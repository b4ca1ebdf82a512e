using FlowSdk.Hosting;

namespace FlowSdk.Instances.Hosting;

/// <summary>Turns an execution's step journal into the history's steps: errors described and payloads masked with the instance's secrets, then capped.</summary>
internal static class InstanceJournal
{
    /// <summary>Whether any step kept a payload or the output (which needs the secrets to be masked).</summary>
    public static bool HasPayloads(IReadOnlyList<FlowJournalStep>? steps)
    {
        if (steps is not null)
        {
            foreach (var step in steps)
            {
                if (step.Payload is not null || step.Output is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static ExecutionStep[] ToHistory(IReadOnlyList<FlowJournalStep> steps, InstanceSecrets? secrets)
    {
        var history = new ExecutionStep[steps.Count];
        for (var i = 0; i < history.Length; i++)
        {
            var step = steps[i];

            // Without the secrets a payload cannot be masked, so it is left out, like the message of an error.
            var truncated = false;
            var outputTruncated = false;
            var payload = secrets is null ? null : step.RedactPayload(secrets.Redact, out truncated);
            var output = secrets is null ? null : step.RedactOutput(secrets.Redact, out outputTruncated);
            history[i] = new ExecutionStep
            {
                Index = step.Index,
                Name = step.Name,
                Kind = step.Kind.ToString(),
                StartedAt = step.StartedAt,
                DurationMs = step.Duration.TotalMilliseconds,
                Outcome = step.Outcome.ToString(),
                Error = step.Exception is { } exception ? InstanceErrors.Describe(exception, secrets) : null,
                Calls = step.Calls,
                Items = step.Items is { } items ? new ExecutionStepItems { Completed = items.Completed, Filtered = items.Filtered, Failed = items.Failed } : null,
                Payload = payload,
                PayloadTruncated = truncated,
                Output = output,
                OutputTruncated = outputTruncated,
            };
        }

        return history;
    }
}
