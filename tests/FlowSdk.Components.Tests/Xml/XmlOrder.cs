using System.Xml.Serialization;

namespace FlowSdk.Components.Tests.Xml;

/// <summary>An order as the XML test files and the end-to-end flow hold it.</summary>
[XmlRoot("Order", Namespace = Ns)]
public sealed class XmlOrder
{
    public const string Ns = "urn:acme:orders";

    public int Id { get; set; }
    public string Customer { get; set; } = "";
    public int Quantity { get; set; }
    public decimal Price { get; set; }
}

/// <summary>An order type that declares no namespace: the mapper's options or the split's element choose it.</summary>
public sealed class PlainOrder
{
    public int Id { get; set; }
    public string Customer { get; set; } = "";
}
