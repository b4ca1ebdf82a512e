using System.Diagnostics.CodeAnalysis;
using FlowSdk.Components.Xml;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the XML components.</summary>
public static class XmlServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IXsltTransforms"/> (one stylesheet cache for the process) and <see cref="XmlRecordSplit"/>
    /// as singletons. <see cref="XmlMapper"/> is static and needs nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Names the stylesheets and their folder; may be called again through <c>Configure&lt;XsltOptions&gt;</c>.</param>
    /// <returns>The services, for chaining.</returns>
    [RequiresDynamicCode(XsltTransforms.AotMessage)]
    public static IServiceCollection AddFlowXml(this IServiceCollection services, Action<XsltOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<XsltOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<IXsltTransforms>(sp => new XsltTransforms(sp.GetRequiredService<IOptions<XsltOptions>>().Value, sp.GetService<ILogger<XsltTransforms>>()));
        services.TryAddSingleton(sp => new XmlRecordSplit(sp.GetService<ILogger<XmlRecordSplit>>()));
        return services;
    }
}
