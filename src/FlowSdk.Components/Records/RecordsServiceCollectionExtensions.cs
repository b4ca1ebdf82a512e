using FlowSdk.Components.Records;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the records components.</summary>
public static class RecordsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CsvRecords"/> and <see cref="JsonArraySplit"/> as singletons (they hold no per-file state;
    /// each call takes its own options). <c>Batch(n)</c> is an extension method and needs nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddFlowRecords(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new CsvRecords(sp.GetService<ILogger<CsvRecords>>()));
        services.TryAddSingleton(sp => new JsonArraySplit(sp.GetService<ILogger<JsonArraySplit>>()));
        return services;
    }
}
