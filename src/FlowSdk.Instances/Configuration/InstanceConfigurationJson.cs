using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Instances;

/// <summary>How the generated <c>AddFlows()</c> reads a flow's configuration type: from the assembly's context, or by reflection.</summary>
public static class InstanceConfigurationJson
{
    /// <summary>The metadata of <typeparamref name="TConfig"/> in <paramref name="context"/> (the assembly's <see cref="FlowJsonContextAttribute"/>).</summary>
    /// <exception cref="InvalidOperationException">The context does not list <typeparamref name="TConfig"/>.</exception>
    public static JsonTypeInfo<TConfig> FromContext<TConfig>(JsonSerializerContext context, string flowName)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetTypeInfo(typeof(TConfig)) as JsonTypeInfo<TConfig>
            ?? throw new InvalidOperationException(
                $"Flow '{flowName}' declares configuration type '{typeof(TConfig)}', but '{context.GetType()}' has no metadata for it: add [JsonSerializable(typeof({typeof(TConfig).Name}))] to the context.");
    }

    /// <summary>
    /// The documented default when the assembly names no context: reflection-based System.Text.Json with web defaults
    /// (camelCase names, case-insensitive). Trimmed and native AOT applications name a context with
    /// <c>[assembly: FlowJsonContext(typeof(...))]</c> instead.
    /// </summary>
    [RequiresUnreferencedCode("Reads the configuration type by reflection: name a JsonSerializerContext with [assembly: FlowJsonContext(typeof(...))].")]
    [RequiresDynamicCode("Reads the configuration type by reflection: name a JsonSerializerContext with [assembly: FlowJsonContext(typeof(...))].")]
    public static JsonTypeInfo<TConfig> Reflection<TConfig>() => (JsonTypeInfo<TConfig>)s_web.GetTypeInfo(typeof(TConfig));

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only Reflection<TConfig>, which carries the requirement, reads through it.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only Reflection<TConfig>, which carries the requirement, reads through it.")]
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
}
