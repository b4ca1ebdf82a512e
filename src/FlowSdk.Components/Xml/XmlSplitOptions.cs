namespace FlowSdk.Components.Xml;

/// <summary>Which elements <see cref="XmlRecordSplit"/> yields; plain settable properties, so a flow instance's configuration binds to it.</summary>
public sealed class XmlSplitOptions
{
    /// <summary>The local name of the record element (<c>Order</c>). Required.</summary>
    public string ElementName { get; set; } = "";

    /// <summary>
    /// The record element's namespace URI: <see langword="null"/> matches the name in any namespace, <c>""</c> only
    /// outside any namespace. Child elements are read in the record element's namespace unless the type says otherwise.
    /// </summary>
    public string? Namespace { get; set; }
}
