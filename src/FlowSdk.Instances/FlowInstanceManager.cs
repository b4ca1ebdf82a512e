using System.Text.Json;
using Cronos;
using FlowSdk.Instances.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>
/// Deploys and changes instances after validating them: the id, the flow, the configuration against the flow's
/// configuration type, the secret names and the schedule, and for a webhook flow the webhook secret against the flow's
/// signature scheme (generating one when none is given). A refusal lists every failing field at once
/// (<see cref="InstanceValidationException"/>). Logs name instances and fields, never a secret or a configuration value.
/// </summary>
public sealed partial class FlowInstanceManager
{
    private const int MaxIdLength = 128;
    private const int MaxSecretNameLength = 128;

    private readonly IInstanceStore _store;
    private readonly InstanceConfigurationRegistry _configurations;
    private readonly HashSet<string> _flows;

    // Flows registered here without a [ScheduleTrigger]: an instance schedule would never fire for them.
    private readonly HashSet<string> _unscheduled;
    private readonly InstanceOptions _options;

    // The secrets each flow declares with [FlowSecret(Required = true)]: a deployment must carry them.
    private readonly Dictionary<string, string[]> _requiredSecrets;
    private readonly WebhookSchemeCatalog? _webhooks;
    private readonly TimeProvider _time;
    private readonly ILogger<FlowInstanceManager> _logger;

    /// <summary>Creates the manager without webhook secret handling (no generated, checked or rotated webhook secrets).</summary>
    public FlowInstanceManager(
        IInstanceStore store,
        InstanceConfigurationRegistry configurations,
        IEnumerable<FlowRegistration> flows,
        IOptions<InstanceOptions> options,
        ILogger<FlowInstanceManager> logger)
        : this(store, configurations, flows, options, null, TimeProvider.System, logger)
    {
    }

    /// <summary>Creates the manager; <paramref name="webhooks"/> gives each webhook flow's signature scheme.</summary>
    public FlowInstanceManager(
        IInstanceStore store,
        InstanceConfigurationRegistry configurations,
        IEnumerable<FlowRegistration> flows,
        IOptions<InstanceOptions> options,
        WebhookSchemeCatalog? webhooks,
        TimeProvider time,
        ILogger<FlowInstanceManager> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _configurations = configurations;
        var registered = flows.ToList();
        _flows = new HashSet<string>(registered.Select(f => f.Definition.Name).Concat(configurations.FlowNames), StringComparer.Ordinal);
        _unscheduled = new HashSet<string>(
            registered.Where(f => !f.Definition.Triggers.OfType<ScheduleTriggerAttribute>().Any()).Select(f => f.Definition.Name),
            StringComparer.Ordinal);
        _options = options.Value;
        _requiredSecrets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var flow in registered)
        {
            var required = flow.Definition.Declarations.OfType<FlowSecretAttribute>().Where(s => s.Required).Select(s => s.Name).ToArray();
            if (required.Length > 0)
            {
                _requiredSecrets.TryAdd(flow.Definition.Name, required);
            }
        }

        _webhooks = webhooks;
        _time = time ?? TimeProvider.System;
        _logger = logger;
    }

    /// <summary>The store the manager writes to.</summary>
    public IInstanceStore Store => _store;

    /// <summary>Validates and deploys a new instance; the configuration is stored as normalised by its type.</summary>
    /// <exception cref="InstanceValidationException">The deployment is invalid; every failing field is listed.</exception>
    /// <exception cref="InstanceConflictException">The id is in use.</exception>
    public async Task<FlowInstance> DeployAsync(InstanceDeployment deployment, CancellationToken cancellationToken = default) =>
        (await DeployWithWebhookSecretAsync(deployment, cancellationToken).ConfigureAwait(false)).Instance;

    /// <summary>
    /// Validates and deploys a new instance like <see cref="DeployAsync"/>, and returns the webhook secret generated for a
    /// webhook flow's instance deployed without one (<see cref="InstanceOptions.WebhookSecretName"/>): the only time its
    /// value leaves the store. A given webhook secret must suit the flow's signature scheme.
    /// </summary>
    /// <exception cref="InstanceValidationException">The deployment is invalid; every failing field is listed.</exception>
    /// <exception cref="InstanceConflictException">The id is in use.</exception>
    public async Task<WebhookDeployment> DeployWithWebhookSecretAsync(InstanceDeployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var errors = new InstanceValidationErrors();
        ValidateId(deployment.Id, errors);
        var flowKnown = ValidateFlow(deployment.FlowName, errors);
        var (json, type) = flowKnown ? BindConfiguration(deployment.FlowName, deployment.ConfigurationJson, errors) : (null, null);
        ValidateSecrets(deployment.Secrets.Select(s => (s.Key, (string?)s.Value)), errors);
        ValidateRequiredSecrets(deployment.FlowName, deployment.Secrets.Keys, errors);
        ValidateSchedule(deployment.FlowName, deployment.Schedule, errors);
        var secrets = deployment.Secrets;
        string? generated = null;
        if (flowKnown && WebhookScheme(deployment.FlowName, errors) is { } scheme)
        {
            if (!secrets.TryGetValue(_options.WebhookSecretName, out var given))
            {
                generated = scheme.GenerateSecret();
                secrets = new Dictionary<string, string>(secrets, StringComparer.Ordinal) { [_options.WebhookSecretName] = generated };
            }
            else
            {
                ValidateWebhookSecret(scheme, given, errors);
            }
        }

        Refuse(deployment.Id, errors);

        var instance = await _store.DeployAsync(
            new InstanceDeployment
            {
                Id = deployment.Id,
                FlowName = deployment.FlowName,
                Customer = deployment.Customer,
                Enabled = deployment.Enabled,
                ConfigurationJson = json!,
                ConfigurationType = type,
                Secrets = secrets,
                Schedule = deployment.Schedule,
            },
            cancellationToken).ConfigureAwait(false);
        LogDeployed(instance.Id, instance.FlowName, instance.Version);
        if (generated is not null)
        {
            LogWebhookSecretGenerated(instance.Id, _options.WebhookSecretName);
        }

        return new WebhookDeployment(instance, generated);
    }

    /// <summary>Validates and applies a change to an instance.</summary>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InstanceValidationException">The change is invalid; every failing field is listed.</exception>
    /// <exception cref="InstanceVersionMismatchException">The instance changed since <paramref name="expectedVersion"/>.</exception>
    public async Task<FlowInstance> UpdateAsync(string instanceId, InstanceUpdate update, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = await _store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
        var errors = new InstanceValidationErrors();
        var (json, type) = BindConfiguration(current.FlowName, update.ConfigurationJson, errors);
        ValidateSecrets(update.Secrets.Select(s => (s.Key, s.Value)), errors, allowRemoval: true);
        ValidateRequiredSecrets(
            current.FlowName,
            current.SecretNames.Where(n => !update.Secrets.TryGetValue(n, out var value) || value is not null)
                .Concat(update.Secrets.Where(s => s.Value is not null).Select(s => s.Key)),
            errors);
        ValidateSchedule(current.FlowName, update.Schedule, errors);
        if (update.Secrets.TryGetValue(_options.WebhookSecretName, out var webhookSecret) && webhookSecret is not null &&
            WebhookScheme(current.FlowName, errors) is { } scheme)
        {
            ValidateWebhookSecret(scheme, webhookSecret, errors);
        }

        Refuse(instanceId, errors);

        var instance = await _store.UpdateAsync(
            instanceId,
            new InstanceUpdate
            {
                Customer = update.Customer,
                ConfigurationJson = json!,
                ConfigurationType = type,
                Secrets = update.Secrets,
                Schedule = update.Schedule,
            },
            expectedVersion,
            cancellationToken).ConfigureAwait(false);
        LogUpdated(instance.Id, instance.Version);
        return instance;
    }

    /// <summary>
    /// Replaces a webhook flow's instance secret: the new one (<paramref name="secret"/>, checked against the flow's
    /// signature scheme, or a generated one) becomes current, and the current one is kept as
    /// <c>{WebhookSecretName}.previous</c>, still verifying requests for <paramref name="previousLifetime"/> (default
    /// <see cref="InstanceOptions.PreviousWebhookSecretLifetime"/>) so senders can switch without a refused request.
    /// A previous secret from an earlier rotation is dropped.
    /// </summary>
    /// <returns>The instance and the new secret, which is shown to the caller this once.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InstanceValidationException">The flow has no webhook trigger, the given secret does not suit its scheme, or the lifetime is negative.</exception>
    /// <exception cref="InstanceVersionMismatchException">The instance changed since <paramref name="expectedVersion"/>.</exception>
    public async Task<WebhookSecretRotation> RotateWebhookSecretAsync(
        string instanceId,
        string? secret = null,
        TimeSpan? previousLifetime = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var lifetime = previousLifetime ?? _options.PreviousWebhookSecretLifetime;
        var name = _options.WebhookSecretName;
        for (var attempt = 1; ; attempt++)
        {
            var current = await _store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
            if (expectedVersion is { } expected && expected != current.Version)
            {
                throw new InstanceVersionMismatchException(instanceId, expected, current.Version);
            }

            var errors = new InstanceValidationErrors();
            var scheme = WebhookScheme(current.FlowName, errors);
            if (scheme is null && !errors.HasErrors)
            {
                errors.Add("flow", $"Flow '{current.FlowName}' has no [WebhookTrigger] in this application, so its instances have no webhook secret to rotate.");
            }

            if (lifetime < TimeSpan.Zero)
            {
                errors.Add("previousLifetimeSeconds", "The previous secret's lifetime must not be negative.");
            }

            if (secret is not null && scheme is not null)
            {
                ValidateWebhookSecret(scheme, secret, errors);
            }

            Refuse(instanceId, errors);
            var next = secret ?? scheme!.GenerateSecret();
            var secrets = await _store.GetSecretsAsync(instanceId, cancellationToken).ConfigureAwait(false);
            string? old = secrets is not null && secrets.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
            var now = _time.GetUtcNow();
            try
            {
                // The whole instance is written back as read, at the version read: a change in between is a mismatch,
                // never a lost update. Without an old secret the previous slot is cleared and its expiry is now.
                var instance = await _store.UpdateAsync(
                    instanceId,
                    new InstanceUpdate
                    {
                        Customer = current.Customer,
                        ConfigurationJson = current.ConfigurationJson,
                        ConfigurationType = current.ConfigurationType,
                        Schedule = current.Schedule,
                        Secrets = new Dictionary<string, string?>(StringComparer.Ordinal) { [name] = next, [WebhookKeys.PreviousName(name)] = old },
                        PreviousWebhookSecretExpiresAt = old is null ? now : now + lifetime,
                    },
                    current.Version,
                    cancellationToken).ConfigureAwait(false);
                LogWebhookSecretRotated(instance.Id, instance.Version, instance.PreviousWebhookSecretExpiresAt);
                return new WebhookSecretRotation(instance, next);
            }
            catch (InstanceVersionMismatchException) when (expectedVersion is null && attempt < 3)
            {
                // Someone else changed the instance between the read and the write; read it again.
            }
        }
    }

    /// <summary>Enables or disables an instance.</summary>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    public async Task<FlowInstance> SetEnabledAsync(string instanceId, bool enabled, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var instance = await _store.SetEnabledAsync(instanceId, enabled, expectedVersion, cancellationToken).ConfigureAwait(false);
        LogEnabled(instance.Id, enabled, instance.Version);
        return instance;
    }

    /// <summary>Deletes an instance; returns false when there was none.</summary>
    public async Task<bool> DeleteAsync(string instanceId, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var deleted = await _store.DeleteAsync(instanceId, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogDeleted(instanceId);
        }

        return deleted;
    }

    /// <summary>Reads an instance's configuration as its flow's configuration type, for the code that runs it.</summary>
    /// <returns>The configuration object, or null when the flow declares no configuration type.</returns>
    public object? ReadConfiguration(FlowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _configurations.TryGet(instance.FlowName, out var type) ? type.Deserialize(instance.ConfigurationJson) : null;
    }

    /// <summary>The flow's webhook signature scheme, or null when it has no webhook trigger; a missing custom scheme is a <c>flow</c> error.</summary>
    private IWebhookSignatureScheme? WebhookScheme(string flowName, InstanceValidationErrors errors)
    {
        if (_webhooks is null || string.IsNullOrEmpty(flowName))
        {
            return null;
        }

        try
        {
            return _webhooks.For(flowName);
        }
        catch (InvalidOperationException e)
        {
            errors.Add("flow", e.Message);
            return null;
        }
    }

    private void ValidateWebhookSecret(IWebhookSignatureScheme scheme, string secret, InstanceValidationErrors errors)
    {
        // An empty value is already refused by the secret rules; the scheme's reason would only repeat it.
        if (secret.Length > 0 && scheme.ValidateSecret(secret) is { } reason)
        {
            errors.Add("secrets." + _options.WebhookSecretName, reason);
        }
    }

    private void Refuse(string instanceId, InstanceValidationErrors errors)
    {
        if (errors.HasErrors)
        {
            var failures = errors.ToDictionary();
            LogRefused(instanceId, string.Join(", ", failures.Keys));
            throw new InstanceValidationException(failures);
        }
    }

    private static void ValidateId(string id, InstanceValidationErrors errors)
    {
        if (string.IsNullOrEmpty(id))
        {
            errors.Add("id", "An instance id is required.");
        }
        else if (id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || id[0] == '.')
        {
            errors.Add("id", $"An instance id has 1 to {MaxIdLength} characters: letters, digits, '-', '_' and '.' (not first); it appears in URLs.");
        }
    }

    private bool ValidateFlow(string flowName, InstanceValidationErrors errors)
    {
        if (string.IsNullOrEmpty(flowName))
        {
            errors.Add("flow", "A flow name is required.");
            return false;
        }

        if (_options.RequireKnownFlow && !_flows.Contains(flowName))
        {
            errors.Add("flow", $"This application has no flow named '{flowName}'.");
            return false;
        }

        return true;
    }

    private (string? Json, string? Type) BindConfiguration(string flowName, string? json, InstanceValidationErrors errors)
    {
        json = string.IsNullOrWhiteSpace(json) ? "{}" : json;
        if (_configurations.TryGet(flowName, out var type))
        {
            var binding = type.Bind(json);
            foreach (var (path, messages) in binding.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(path.Length == 0 ? "configuration" : "configuration." + path, message);
                }
            }

            return (binding.Json, type.ClrType.FullName);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("configuration", "The configuration must be a JSON object.");
            }
            else if (_options.RequireConfigurationType && document.RootElement.EnumerateObject().Any())
            {
                errors.Add("configuration", $"Flow '{flowName}' declares no configuration type, so it takes no configuration.");
            }
        }
        catch (JsonException)
        {
            errors.Add("configuration", "The configuration is not valid JSON.");
        }

        return (json, null);
    }

    private static void ValidateSecrets(IEnumerable<(string Name, string? Value)> secrets, InstanceValidationErrors errors, bool allowRemoval = false)
    {
        foreach (var (name, value) in secrets)
        {
            if (string.IsNullOrEmpty(name) || name.Length > MaxSecretNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add("secrets", $"A secret name has 1 to {MaxSecretNameLength} characters: letters, digits, '-', '_' and '.'.");
            }
            else if (value is null ? !allowRemoval : value.Length == 0)
            {
                // The message never echoes the value.
                errors.Add("secrets." + name, "A secret value must not be empty.");
            }
        }
    }

    /// <summary>Refuses an instance that would lack a secret its flow declares required; <paramref name="names"/> are the secrets it would have.</summary>
    private void ValidateRequiredSecrets(string? flowName, IEnumerable<string> names, InstanceValidationErrors errors)
    {
        if (flowName is null || !_requiredSecrets.TryGetValue(flowName, out var required))
        {
            return;
        }

        var present = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var name in required)
        {
            // The webhook secret is generated when left out, and checked against the flow's scheme on its own.
            if (!present.Contains(name) && !string.Equals(name, _options.WebhookSecretName, StringComparison.Ordinal))
            {
                errors.Add("secrets." + name, $"Flow '{flowName}' requires the secret '{name}'.");
            }
        }
    }

    private void ValidateSchedule(string flowName, string? schedule, InstanceValidationErrors errors)
    {
        if (schedule is null)
        {
            return;
        }

        if (flowName is not null && _unscheduled.Contains(flowName))
        {
            errors.Add("schedule", $"Flow '{flowName}' has no [ScheduleTrigger], so an instance schedule would never fire; leave it out.");
            return;
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (fields is not (5 or 6) || !CronExpression.TryParse(schedule, format, out _))
        {
            errors.Add("schedule", "The schedule must be a cron expression with 5 fields, or 6 with seconds first.");
        }
    }

    [LoggerMessage(3010, LogLevel.Information, "Deployed instance {InstanceId} of flow {FlowName} at version {Version}")]
    private partial void LogDeployed(string instanceId, string flowName, long version);

    [LoggerMessage(3011, LogLevel.Information, "Updated instance {InstanceId} to version {Version}")]
    private partial void LogUpdated(string instanceId, long version);

    [LoggerMessage(3012, LogLevel.Information, "Instance {InstanceId} enabled: {Enabled} (version {Version})")]
    private partial void LogEnabled(string instanceId, bool enabled, long version);

    [LoggerMessage(3013, LogLevel.Information, "Deleted instance {InstanceId}")]
    private partial void LogDeleted(string instanceId);

    [LoggerMessage(3014, LogLevel.Information, "Refused instance {InstanceId}: invalid {Fields}")]
    private partial void LogRefused(string instanceId, string fields);

    [LoggerMessage(3018, LogLevel.Information, "Rotated the webhook secret of instance {InstanceId} (version {Version}); the previous one verifies until {PreviousUntil}")]
    private partial void LogWebhookSecretRotated(string instanceId, long version, DateTimeOffset? previousUntil);

    [LoggerMessage(3019, LogLevel.Information, "Generated webhook secret {SecretName} for instance {InstanceId}")]
    private partial void LogWebhookSecretGenerated(string instanceId, string secretName);
}
