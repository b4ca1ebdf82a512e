using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting;

/// <summary>Applies a flow's attributes, then its configuration section, to its named <see cref="FlowOptions"/>.</summary>
internal sealed class FlowOptionsSetup : IConfigureNamedOptions<FlowOptions>
{
    public const string SectionName = "Flows";

    private readonly Dictionary<string, FlowDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly IConfiguration? _configuration;

    public FlowOptionsSetup(IEnumerable<FlowRegistration> registrations, IServiceProvider services)
    {
        foreach (var registration in registrations)
        {
            _definitions.TryAdd(registration.Definition.Name, registration.Definition);
        }

        _configuration = services.GetService<IConfiguration>();
    }

    public void Configure(FlowOptions options)
    {
    }

    public void Configure(string? name, FlowOptions options)
    {
        if (name is null)
        {
            return;
        }

        if (_definitions.TryGetValue(name, out var definition))
        {
            ApplyAttributes(definition, options);
        }

        if (_configuration is not null)
        {
            ApplyConfiguration(_configuration.GetSection(SectionName).GetSection(name), name, options);
        }
    }

    private static void ApplyAttributes(FlowDefinition definition, FlowOptions options)
    {
        options.Capacity = definition.Flow.Capacity;
        options.MaxConcurrency = definition.Flow.MaxConcurrency;
        if (definition.Retry is { } retry)
        {
            options.Retry.MaxAttempts = retry.MaxAttempts;
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(retry.BaseDelayMilliseconds);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(retry.MaxDelayMilliseconds);
        }

        foreach (var trigger in definition.Triggers)
        {
            if (trigger is WebhookTriggerAttribute webhook)
            {
                if (webhook.MaxBodySize > 0)
                {
                    options.Webhook.MaxBodySize = webhook.MaxBodySize;
                }

                options.Webhook.Synchronous = webhook.Synchronous;
                options.Webhook.Signature = webhook.Signature;
            }
        }
    }

    private static void ApplyConfiguration(IConfigurationSection section, string name, FlowOptions options)
    {
        if (ReadInt(section, "Capacity", name) is { } capacity)
        {
            options.Capacity = capacity;
        }

        if (ReadInt(section, "MaxConcurrency", name) is { } concurrency)
        {
            options.MaxConcurrency = concurrency;
        }

        var retry = section.GetSection("Retry");
        if (ReadInt(retry, "MaxAttempts", name) is { } attempts)
        {
            options.Retry.MaxAttempts = attempts;
        }

        if (ReadInt(retry, "BaseDelayMilliseconds", name) is { } baseDelay)
        {
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(baseDelay);
        }

        if (ReadInt(retry, "MaxDelayMilliseconds", name) is { } maxDelay)
        {
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(maxDelay);
        }

        if (ReadBool(retry, "UseJitter", name) is { } jitter)
        {
            options.Retry.UseJitter = jitter;
        }

        if (ReadBool(section, "Durable", name) is { } durable)
        {
            options.Durable = durable;
        }

        if (ReadBool(section, "StepTelemetry", name) is { } stepTelemetry)
        {
            options.StepTelemetry = stepTelemetry;
        }

        if (ReadEnum<FlowJournalMode>(section, "Journal", name) is { } journal)
        {
            options.Journal = journal;
        }

        if (ReadEnum<FlowHistoryMode>(section, "History", name) is { } history)
        {
            options.History = history;
        }

        if (ReadInt(section, "JournalPayloadLimit", name) is { } payloadLimit)
        {
            options.JournalPayloadLimit = payloadLimit;
        }

        var webhook = section.GetSection("Webhook");
        if (ReadLong(webhook, "MaxBodySize", name) is { } maxBody)
        {
            options.Webhook.MaxBodySize = maxBody;
        }

        if (ReadBool(webhook, "Synchronous", name) is { } synchronous)
        {
            options.Webhook.Synchronous = synchronous;
        }

        if (ReadInt(webhook, "RetryAfterSeconds", name) is { } retryAfter)
        {
            options.Webhook.RetryAfterSeconds = retryAfter;
        }

        if (ReadInt(webhook, "BodyTimeoutSeconds", name) is { } bodyTimeout)
        {
            options.Webhook.BodyTimeout = TimeSpan.FromSeconds(bodyTimeout);
        }

        foreach (var header in webhook.GetSection("DroppedHeaders").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(header.Value))
            {
                options.Webhook.DroppedHeaders.Add(header.Value.Trim());
            }
        }

        if (ReadSignature(webhook, "Signature", name) is { } signature)
        {
            options.Webhook.Signature = signature;
        }

        var instances = section.GetSection("Instances");
        if (ReadInt(instances, "MaxConcurrencyPerInstance", name) is { } perInstanceConcurrency)
        {
            options.Instances.MaxConcurrencyPerInstance = perInstanceConcurrency;
        }

        if (ReadInt(instances, "CapacityPerInstance", name) is { } perInstanceCapacity)
        {
            options.Instances.CapacityPerInstance = perInstanceCapacity;
        }
    }

    private static TEnum? ReadEnum<TEnum>(IConfigurationSection section, string key, string flow)
        where TEnum : struct, Enum
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw Invalid(section, key, flow, text, "one of " + string.Join(", ", Enum.GetNames<TEnum>()));
    }

    private static int? ReadInt(IConfigurationSection section, string key, string flow)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(section, key, flow, text, "an integer");
    }

    private static long? ReadLong(IConfigurationSection section, string key, string flow)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(section, key, flow, text, "an integer");
    }

    private static bool? ReadBool(IConfigurationSection section, string key, string flow)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return bool.TryParse(text, out var value) ? value : throw Invalid(section, key, flow, text, "true or false");
    }

    private static WebhookSignature? ReadSignature(IConfigurationSection section, string key, string flow)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Names only: Enum.TryParse also reads numbers, and "7" would name no scheme.
        foreach (var signature in Enum.GetValues<WebhookSignature>())
        {
            if (string.Equals(signature.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return signature;
            }
        }

        throw Invalid(section, key, flow, text, "one of " + string.Join(", ", Enum.GetNames<WebhookSignature>()));
    }

    private static OptionsValidationException Invalid(IConfigurationSection section, string key, string flow, string text, string expected) =>
        new(flow, typeof(FlowOptions), [$"Configuration value '{section.Path}:{key}' = '{text}' is not {expected}."]);
}

/// <summary>Rejects options a host cannot run with, naming the flow and the setting.</summary>
internal sealed class FlowOptionsValidator : IValidateOptions<FlowOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add($"Flow '{name}': {message}");

        if (options.Capacity < 1)
        {
            Fail($"Capacity must be at least 1 (was {options.Capacity}).");
        }

        if (options.MaxConcurrency < 1)
        {
            Fail($"MaxConcurrency must be at least 1 (was {options.MaxConcurrency}).");
        }

        if (options.Retry.MaxAttempts < 1)
        {
            Fail($"Retry:MaxAttempts must be at least 1 (was {options.Retry.MaxAttempts}).");
        }

        if (options.Retry.BaseDelay < TimeSpan.Zero || options.Retry.MaxDelay < TimeSpan.Zero)
        {
            Fail("Retry delays must not be negative.");
        }

        if (options.Webhook.MaxBodySize < 1)
        {
            Fail($"Webhook:MaxBodySize must be at least 1 (was {options.Webhook.MaxBodySize}).");
        }

        if (options.Webhook.RetryAfterSeconds < 0)
        {
            Fail($"Webhook:RetryAfterSeconds must not be negative (was {options.Webhook.RetryAfterSeconds}).");
        }

        if (options.Webhook.BodyTimeout <= TimeSpan.Zero)
        {
            Fail($"Webhook:BodyTimeoutSeconds must be at least 1 (was {options.Webhook.BodyTimeout.TotalSeconds}).");
        }

        if (!Enum.IsDefined(options.Webhook.Signature))
        {
            Fail($"Webhook:Signature must be one of {string.Join(", ", Enum.GetNames<WebhookSignature>())} (was {(int)options.Webhook.Signature}).");
        }

        if (!Enum.IsDefined(options.Journal))
        {
            Fail($"Journal must be one of {string.Join(", ", Enum.GetNames<FlowJournalMode>())} (was {(int)options.Journal}).");
        }

        if (options.JournalPayloadLimit < 0)
        {
            Fail($"JournalPayloadLimit must not be negative (was {options.JournalPayloadLimit}).");
        }

        if (options.Instances.MaxConcurrencyPerInstance < 0 || options.Instances.CapacityPerInstance < 0)
        {
            Fail("Instances:MaxConcurrencyPerInstance and Instances:CapacityPerInstance must not be negative (0 means no cap of their own).");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
