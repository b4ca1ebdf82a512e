using System.Text;

namespace FlowSdk.Hosting;

/// <summary>
/// One step of an execution's journal (<see cref="FlowExecutionReport.Steps"/>): what ran, when, for how long and how
/// it ended. A step after a split runs once per item; it is one entry, with <see cref="Calls"/> counting the runs.
/// </summary>
public sealed class FlowJournalStep
{
    /// <summary>The step's position in <see cref="FlowDefinition.Steps"/>.</summary>
    public required int Index { get; init; }

    /// <summary>The step's method name.</summary>
    public required string Name { get; init; }

    /// <summary>Step, filter or split.</summary>
    public required FlowStepKind Kind { get; init; }

    /// <summary>When the step first started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the step ran, all its calls together; a split's time runs until its first item enters the next step.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>How the step ended: <see cref="FlowStepOutcome.Filtered"/> when it stopped at least one item, <see cref="FlowStepOutcome.Failed"/> when it threw.</summary>
    public required FlowStepOutcome Outcome { get; init; }

    /// <summary>What the failed step threw (the execution's first failure), or null. Redact before it leaves the process.</summary>
    public Exception? Exception { get; init; }

    /// <summary>How many times the step ran: more than 1 for steps after a split.</summary>
    public required int Calls { get; init; }

    /// <summary>The per-item outcomes, on a split step; otherwise null.</summary>
    public FlowItemCounts? Items { get; init; }

    /// <summary>
    /// The JSON of the payload the step received on its first call, unredacted, at most twice
    /// <see cref="PayloadLimit"/> bytes (so secrets straddling the limit are still whole for redaction), or null when
    /// payloads are not recorded. Read it through <see cref="RedactPayload"/>.
    /// </summary>
    public string? Payload { get; init; }

    /// <summary>The UTF-8 length of the whole payload JSON, of which <see cref="Payload"/> may hold a part.</summary>
    public int PayloadBytes { get; init; }

    /// <summary>The most bytes of payload JSON kept (<see cref="FlowOptions.JournalPayloadLimit"/>).</summary>
    public int PayloadLimit { get; init; }

    /// <summary>
    /// The JSON of the execution's output (what the flow's last step returned), kept like <see cref="Payload"/>, on the
    /// entry of the pipeline's last step; null unless payloads are recorded and an item ran through every step. For a
    /// split, the output of the last item that completed (<see cref="FlowResult{T}.Output"/>). Read it through
    /// <see cref="RedactOutput"/>.
    /// </summary>
    public string? Output { get; init; }

    /// <summary>The UTF-8 length of the whole output JSON, of which <see cref="Output"/> may hold a part.</summary>
    public int OutputBytes { get; init; }

    /// <summary>
    /// The payload for storage: <paramref name="redact"/> runs on the captured text first, then the result is cut to
    /// <see cref="PayloadLimit"/> UTF-8 bytes; <paramref name="truncated"/> tells whether anything was left out.
    /// </summary>
    /// <param name="redact">Masks secrets in the text (the instance's redaction).</param>
    /// <param name="truncated">Whether the stored text is shorter than the payload's JSON.</param>
    public string? RedactPayload(Func<string, string?> redact, out bool truncated) =>
        Redact(Payload, PayloadBytes, redact, out truncated);

    /// <summary>The output for storage, masked then capped as <see cref="RedactPayload"/> does.</summary>
    /// <param name="redact">Masks secrets in the text (the instance's redaction).</param>
    /// <param name="truncated">Whether the stored text is shorter than the output's JSON.</param>
    public string? RedactOutput(Func<string, string?> redact, out bool truncated) =>
        Redact(Output, OutputBytes, redact, out truncated);

    private string? Redact(string? captured, int bytes, Func<string, string?> redact, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(redact);
        truncated = false;
        if (captured is null)
        {
            return null;
        }

        var text = redact(captured) ?? string.Empty;
        truncated = Encoding.UTF8.GetByteCount(captured) < bytes;
        if (Encoding.UTF8.GetByteCount(text) > PayloadLimit)
        {
            truncated = true;
            text = Cut(text, PayloadLimit);
        }

        return text;
    }

    /// <summary>The longest prefix of <paramref name="text"/> within <paramref name="bytes"/> UTF-8 bytes, never splitting a character.</summary>
    internal static string Cut(string text, int bytes)
    {
        var length = 0;
        var used = 0;
        while (length < text.Length)
        {
            var width = char.IsHighSurrogate(text[length]) && length + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, width));
            if (used + size > bytes)
            {
                break;
            }

            used += size;
            length += width;
        }

        return text[..length];
    }
}

/// <summary>How one step of a journal ended.</summary>
public enum FlowStepOutcome
{
    /// <summary>It ran and the payload went on.</summary>
    Completed,

    /// <summary>A filter that stopped the execution, or at least one item of a split.</summary>
    Filtered,

    /// <summary>It threw.</summary>
    Failed,

    /// <summary>It was cut short by cancellation.</summary>
    Canceled,
}

/// <summary>The per-item outcomes of a split.</summary>
/// <param name="Completed">Items that ran through every step.</param>
/// <param name="Filtered">Items a filter stopped.</param>
/// <param name="Failed">Items whose steps threw.</param>
public readonly record struct FlowItemCounts(int Completed, int Filtered, int Failed);
