using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Hosting.Http;

/// <summary>JSON defaults shared by FlowSdk's HTTP surfaces.</summary>
public static class FlowJson
{
    /// <summary>
    /// Web defaults (camelCase names, case-insensitive reading, numbers from strings) with
    /// <see cref="DefaultResolver"/>. Add a source-generated context to <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>
    /// for trimmed or native AOT apps.
    /// </summary>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.Web) { TypeInfoResolver = DefaultResolver() };

    /// <summary>
    /// The reflection-based resolver when the app allows reflection-based serialization (the default), otherwise an
    /// empty resolver, so that a trimmed or native AOT app must bring its own source-generated context.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Guarded by the JsonSerializer.IsReflectionEnabledByDefault feature switch, off in trimmed apps.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Guarded by the JsonSerializer.IsReflectionEnabledByDefault feature switch, off in native AOT apps.")]
    public static IJsonTypeInfoResolver DefaultResolver() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine();
}
