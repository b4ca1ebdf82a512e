using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>The detail texts of audit entries: flow and secret names only, never a secret or configuration value.</summary>
internal static class AuditDetails
{
    public static string Deployed(FlowInstance instance) =>
        $"flow {instance.FlowName}, {(instance.Enabled ? "enabled" : "disabled")}, secrets [{string.Join(", ", instance.SecretNames)}]";

    public static string Updated(Dictionary<string, string?>? secrets)
    {
        secrets ??= [];
        var set = secrets.Where(s => s.Value is not null).Select(s => s.Key).Order(StringComparer.Ordinal);
        var removed = secrets.Where(s => s.Value is null).Select(s => s.Key).Order(StringComparer.Ordinal);
        return $"customer, configuration and schedule replaced; secrets set [{string.Join(", ", set)}], removed [{string.Join(", ", removed)}]";
    }
}
