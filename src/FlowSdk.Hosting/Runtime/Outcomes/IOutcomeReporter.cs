namespace FlowSdk.Hosting;

/// <summary>The outcome steps a queue needs itself: dead-lettering what it abandons, telling listeners once an outcome is stored.</summary>
internal interface IOutcomeReporter<TIn>
{
    ValueTask DeadLetterAsync(FlowMessage<TIn> message, string? step, Exception exception, int attempts, ReadOnlyMemory<byte> storedPayload = default);

    void TellListeners(in FlowExecutionReport report);
}
