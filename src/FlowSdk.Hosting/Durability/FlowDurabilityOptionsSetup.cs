using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting;

/// <summary>Reads <see cref="FlowDurabilityOptions"/> from <c>FlowSdk:Durability</c>; code configured later overrides it.</summary>
internal sealed class FlowDurabilityOptionsSetup(IServiceProvider services) : IConfigureOptions<FlowDurabilityOptions>
{
    public const string SectionName = "FlowSdk:Durability";

    public void Configure(FlowDurabilityOptions options)
    {
        if (services.GetService<IConfiguration>()?.GetSection(SectionName) is not { } section)
        {
            return;
        }

        if (section["NodeId"] is { Length: > 0 } nodeId)
        {
            options.NodeId = nodeId;
        }

        options.Lease = ReadTime(section, "Lease") ?? options.Lease;
        options.PollInterval = ReadTime(section, "PollInterval") ?? options.PollInterval;
        options.MaxDeliveries = ReadInt(section, "MaxDeliveries") ?? options.MaxDeliveries;
        options.MaxWaitingPerInstance = ReadInt(section, "MaxWaitingPerInstance") ?? options.MaxWaitingPerInstance;
        if (section["Misfire"] is { Length: > 0 } misfire)
        {
            options.Misfire = Enum.TryParse<ScheduleMisfire>(misfire, ignoreCase: true, out var value) && Enum.IsDefined(value)
                ? value
                : throw Invalid(section, "Misfire", misfire, "RunLatest or Skip");
        }

        if (options.Lease <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero || options.MaxDeliveries < 1)
        {
            throw new OptionsValidationException(SectionName, typeof(FlowDurabilityOptions), ["Lease and PollInterval must be positive and MaxDeliveries at least 1."]);
        }
    }

    private static TimeSpan? ReadTime(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } text ? null
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
        : throw Invalid(section, key, text, "a time span such as 00:00:10");

    private static int? ReadInt(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw Invalid(section, key, text, "an integer");

    private static OptionsValidationException Invalid(IConfigurationSection section, string key, string text, string expected) =>
        new(SectionName, typeof(FlowDurabilityOptions), [$"Configuration value '{section.Path}:{key}' = '{text}' is not {expected}."]);
}
