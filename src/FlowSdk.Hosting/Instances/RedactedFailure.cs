namespace FlowSdk.Hosting;

/// <summary>
/// What the host logs instead of an instance execution's exception: the original exception's text, with the
/// instance's secrets masked by <see cref="FlowInstanceBinding.RedactForLog(string)"/>.
/// </summary>
#pragma warning disable CA1032, CA1064 // Created only by the host, for logging; never thrown or caught.
internal sealed class RedactedFailure : Exception
#pragma warning restore CA1032, CA1064
{
    private RedactedFailure(string text)
        : base(text)
    {
    }

    /// <summary>The exception to log for <paramref name="exception"/>: itself when no instance is involved.</summary>
    public static Exception? ForLog(Exception? exception, FlowInstanceBinding? instance) =>
        exception is null || instance is null ? exception : new RedactedFailure(instance.RedactForLog(exception.ToString()));

    /// <summary><paramref name="text"/> with the instance's secrets masked, for a span or a log; as is without an instance.</summary>
    public static string? Text(string? text, FlowInstanceBinding? instance) =>
        text is null || instance is null ? text : instance.RedactForLog(text);

    public override string ToString() => Message;
}
