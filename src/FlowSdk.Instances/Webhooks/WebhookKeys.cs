namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// Where an instance keeps its webhook secrets: the current one under the secret name
/// (<see cref="InstanceOptions.WebhookSecretName"/>) and, after a rotation, the replaced one under
/// <c>{name}.previous</c> until <see cref="FlowInstance.PreviousWebhookSecretExpiresAt"/>.
/// </summary>
public static class WebhookKeys
{
    /// <summary>The suffix of the previous secret's name.</summary>
    public const string PreviousSuffix = ".previous";

    /// <summary>The name of the secret a rotation replaced: <c>{secretName}.previous</c>.</summary>
    public static string PreviousName(string secretName)
    {
        ArgumentNullException.ThrowIfNull(secretName);
        return secretName + PreviousSuffix;
    }

    /// <summary>
    /// The secrets that verify <paramref name="instance"/>'s requests at <paramref name="now"/>: the current one, and the
    /// previous one while its expiry lies after <paramref name="now"/> (a previous secret without an expiry is not used).
    /// Empty values count as absent.
    /// </summary>
    public static WebhookSecretSet Select(FlowInstance instance, InstanceSecrets secrets, string secretName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(secretName);
        var current = secrets.TryGetValue(secretName, out var value) && value.Length > 0 ? value : null;
        var previous = instance.PreviousWebhookSecretExpiresAt is { } until && until > now &&
            secrets.TryGetValue(PreviousName(secretName), out var old) && old.Length > 0
                ? old
                : null;
        return new WebhookSecretSet(current, previous);
    }
}
