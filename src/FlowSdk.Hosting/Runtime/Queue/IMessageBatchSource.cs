namespace FlowSdk.Hosting;

/// <summary>Where a consumer's <see cref="TakenMessages{T}"/> refills from: <see cref="FlowChannel{T}"/>.</summary>
internal interface IMessageBatchSource<T>
{
    /// <summary>Moves up to <c>into.Length</c> messages, oldest first, into <paramref name="into"/>.</summary>
    int TakeUpTo(Span<T> into);
}
