namespace FlowSdk.Instances.Hosting;

/// <summary>The error text an instance's history and dead letters keep: type and message, secrets masked, no stack trace.</summary>
internal static class InstanceErrors
{
    public static string Describe(Exception exception, InstanceSecrets? secrets)
    {
        var type = exception.GetType().FullName ?? exception.GetType().Name;

        // Without the secrets the message cannot be masked, so only the type is kept.
        return secrets is null ? type : secrets.Redact($"{type}: {exception.Message}");
    }
}
