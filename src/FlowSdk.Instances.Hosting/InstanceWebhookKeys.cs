using FlowSdk.Instances.Webhooks;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// The HMAC key bytes of one version of an instance's webhook secrets, decoded once by the scheme that uses them: the
/// current secret's and, during a rotation, the previous one's with the time it stops verifying. Kept on the binding's
/// state of that version, so a change of the instance (a new secret, a rotation, a deletion) leaves them behind with it;
/// the binding then disposes them, releasing their kept HMAC contexts.
/// </summary>
internal sealed class InstanceWebhookKeys : IDisposable
{
    private InstanceWebhookKeys(IWebhookSignatureScheme scheme, string secretName, WebhookKey current, WebhookKey? previous, DateTimeOffset previousUntil)
    {
        Scheme = scheme;
        SecretName = secretName;
        Current = current;
        Previous = previous;
        PreviousUntil = previousUntil;
    }

    /// <summary>The scheme that decoded the keys (a flow's scheme can be reconfigured while its instances stay).</summary>
    public IWebhookSignatureScheme Scheme { get; }

    public string SecretName { get; }

    public WebhookKey Current { get; }

    public WebhookKey? Previous { get; }

    public DateTimeOffset PreviousUntil { get; }

    public bool IsFor(IWebhookSignatureScheme scheme, string secretName) =>
        ReferenceEquals(Scheme, scheme) && string.Equals(SecretName, secretName, StringComparison.Ordinal);

    /// <summary>The keys of <paramref name="secretName"/> in <paramref name="secrets"/>, or null when the instance has no such secret.</summary>
    public static InstanceWebhookKeys? From(FlowInstance instance, InstanceSecrets secrets, IWebhookSignatureScheme scheme, string secretName)
    {
        if (!secrets.TryGetValue(secretName, out var current))
        {
            return null;
        }

        return secrets.TryGetValue(WebhookKeys.PreviousName(secretName), out var previous) && instance.PreviousWebhookSecretExpiresAt is { } until
            ? new InstanceWebhookKeys(scheme, secretName, new WebhookKey(scheme.GetKey(current)), new WebhookKey(scheme.GetKey(previous)), until)
            : new InstanceWebhookKeys(scheme, secretName, new WebhookKey(scheme.GetKey(current)), null, default);
    }

    public void Dispose()
    {
        Current.Dispose();
        Previous?.Dispose();
    }
}
