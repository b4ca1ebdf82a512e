namespace FlowSdk.Components.Xml;

/// <summary>How <see cref="XmlMapper"/> names and writes the document; plain settable properties, so a flow instance's configuration binds to it.</summary>
public sealed class XmlMapOptions
{
    /// <summary>The shared default: the type's own root name, no namespace, indented, with an XML declaration.</summary>
    public static XmlMapOptions Default { get; } = new();

    /// <summary>The root element's name; <see langword="null"/> for the type's own (its <c>[XmlRoot]</c> or class name).</summary>
    public string? RootName { get; set; }

    /// <summary>
    /// The root's namespace, and that of the elements below it unless the type declares its own (<c>[XmlRoot(Namespace = ...)]</c>,
    /// <c>[XmlType]</c>); <see langword="null"/> for the type's own.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>Whether the output is indented. Default: true.</summary>
    public bool Indent { get; set; } = true;

    /// <summary>Whether the <c>&lt;?xml ...?&gt;</c> declaration is left out. Default: false.</summary>
    public bool OmitXmlDeclaration { get; set; }
}
