using FlowSdk.Hosting;
using FlowSdk.Instances.Webhooks;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// An instance as the host runs it: one object per instance id for as long as the instance exists, reading its
/// current state from the <see cref="InstanceCatalog"/>. The configuration is deserialised once per instance version,
/// and the secrets decrypted and the webhook keys decoded once per version, when first needed; an execution that
/// started keeps what it read.
/// </summary>
public sealed class InstanceBinding : FlowInstanceBinding
{
    private readonly InstanceBindings _owner;
    private volatile State _state;

    internal InstanceBinding(InstanceBindings owner, FlowInstance instance)
        : base(instance.Id)
    {
        _owner = owner;
        _state = new State(instance);
    }

    /// <summary>The bindings this one belongs to.</summary>
    internal InstanceBindings Owner => _owner;

    /// <summary>The instance as of the last time this binding looked at the catalog.</summary>
    public FlowInstance Instance => _state.Instance;

    /// <summary>The current configuration object (its flow's configuration type), or null when the flow declares none.</summary>
    public override object? GetConfiguration() => Current().GetConfiguration(_owner);

    /// <summary>The instance's decrypted secrets at its current version, or null when the instance no longer exists.</summary>
    public ValueTask<InstanceSecrets?> GetSecretsAsync(CancellationToken cancellationToken = default) => Current().GetSecretsAsync(_owner, cancellationToken);

    /// <summary>
    /// The webhook keys of the instance's current version as <paramref name="scheme"/> decodes <paramref name="secretName"/>,
    /// decoded on the version's first request and kept with it; null when the instance has no such secret or is gone.
    /// </summary>
    internal ValueTask<InstanceWebhookKeys?> GetWebhookKeysAsync(IWebhookSignatureScheme scheme, string secretName, CancellationToken cancellationToken)
    {
        var state = Current();
        return state.WebhookKeys is { } keys && keys.IsFor(scheme, secretName)
            ? new ValueTask<InstanceWebhookKeys?>(keys)
            : state.LoadWebhookKeysAsync(_owner, scheme, secretName, cancellationToken);
    }

    /// <summary>
    /// Masks the instance's secrets in text the host logs. Secrets are read once per instance version; until they are,
    /// the text is withheld rather than logged unmasked (the read starts now, so later failures are logged masked).
    /// </summary>
    public override string RedactForLog(string text)
    {
        var state = Current();
        if (state.Instance.SecretNames.Count == 0)
        {
            return text;
        }

        var secrets = state.GetSecretsAsync(_owner, CancellationToken.None);
        if (!secrets.IsCompletedSuccessfully)
        {
            _ = secrets.AsTask().ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return "(details withheld until the instance's secrets are loaded, so none can leak into the log)";
        }

        return secrets.Result?.Redact(text) ?? text;
    }

    /// <summary>The secrets for masking error text, or null when they cannot be read (the text is then cut to the error's type).</summary>
    internal async ValueTask<InstanceSecrets?> TryGetSecretsAsync()
    {
        try
        {
            return await GetSecretsAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Unreadable secrets (store down, key missing) must not lose the history row or the dead letter.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Moves to the catalog's version of the instance; a deleted instance keeps its last state for queued messages.</summary>
    private State Current()
    {
        var state = _state;
        if (_owner.Catalog.TryGet(InstanceId, out var latest) && latest.Version != state.Instance.Version)
        {
            state = Advance(latest);
        }

        return state;
    }

    internal State Advance(FlowInstance latest)
    {
        var state = _state;
        if (latest.Version == state.Instance.Version)
        {
            return state;
        }

        var next = new State(latest);
        _state = next;
        state.ReleaseWebhookKeys();
        return next;
    }

    /// <summary>Releases what the current version keeps outside the managed heap (its instance was deleted).</summary>
    internal void Release() => _state.ReleaseWebhookKeys();

    /// <summary>One version of the instance and what was derived from it.</summary>
    internal sealed class State(FlowInstance instance)
    {
        private readonly Lock _gate = new();
        private bool _configured;
        private object? _configuration;
        private Task<InstanceSecrets?>? _secrets;
        private InstanceWebhookKeys? _webhookKeys;

        public FlowInstance Instance { get; } = instance;

        public InstanceWebhookKeys? WebhookKeys => Volatile.Read(ref _webhookKeys);

        public async ValueTask<InstanceWebhookKeys?> LoadWebhookKeysAsync(InstanceBindings owner, IWebhookSignatureScheme scheme, string secretName, CancellationToken cancellationToken)
        {
            var secrets = await GetSecretsAsync(owner, cancellationToken).ConfigureAwait(false);
            var keys = secrets is null ? null : InstanceWebhookKeys.From(Instance, secrets, scheme, secretName);
            if (keys is not null)
            {
                // Two first requests may both decode; either result is the same keys, and the one replaced is released.
                Interlocked.Exchange(ref _webhookKeys, keys)?.Dispose();
            }

            return keys;
        }

        /// <summary>
        /// Releases the keys' kept HMAC contexts once a newer version replaced this one; a request still holding them
        /// finishes with the one-shot API.
        /// </summary>
        public void ReleaseWebhookKeys() => Volatile.Read(ref _webhookKeys)?.Dispose();

        public object? GetConfiguration(InstanceBindings owner)
        {
            if (Volatile.Read(ref _configured))
            {
                return _configuration;
            }

            lock (_gate)
            {
                if (!_configured)
                {
                    _configuration = owner.ReadConfiguration(Instance);
                    Volatile.Write(ref _configured, true);
                }

                return _configuration;
            }
        }

        public ValueTask<InstanceSecrets?> GetSecretsAsync(InstanceBindings owner, CancellationToken cancellationToken)
        {
            var secrets = Volatile.Read(ref _secrets);
            if (secrets is { IsCompletedSuccessfully: true })
            {
                return new ValueTask<InstanceSecrets?>(secrets.Result);
            }

            if (secrets is null || secrets.IsFaulted || secrets.IsCanceled)
            {
                // A failed read is not cached: the next request tries the store again.
                secrets = owner.Store.GetSecretsAsync(Instance.Id, CancellationToken.None);
                Volatile.Write(ref _secrets, secrets);
            }

            return new ValueTask<InstanceSecrets?>(secrets.WaitAsync(cancellationToken));
        }
    }
}
