using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Xml.Serialization;

namespace FlowSdk.Components.Xml;

/// <summary>
/// One <see cref="XmlSerializer"/> per (type, root, namespace). The runtime caches only serializers made with the
/// plain constructor; the ones made with a root override would otherwise generate a new assembly each time (a leak).
/// </summary>
internal static class XmlSerializerCache
{
    private static readonly ConcurrentDictionary<(Type Type, string? Root, string? Namespace), XmlSerializer> Serializers = new();

    [RequiresUnreferencedCode(XmlMapper.TrimMessage)]
    [RequiresDynamicCode(XmlMapper.AotMessage)]
    public static XmlSerializer Get(Type type, string? root, string? ns) =>
        Serializers.GetOrAdd((type, root, ns), static key => key.Root is null && key.Namespace is null
            ? new XmlSerializer(key.Type)
            : new XmlSerializer(key.Type, null, [], key.Root is null ? null : new XmlRootAttribute(key.Root) { Namespace = key.Namespace }, key.Namespace));
}
