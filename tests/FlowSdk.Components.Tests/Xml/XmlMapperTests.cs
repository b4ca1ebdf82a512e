using System.Text;
using System.Xml;
using FlowSdk.Components.Xml;

namespace FlowSdk.Components.Tests.Xml;

public sealed class XmlMapperTests
{
    [Fact]
    public void An_object_round_trips_through_xml_text()
    {
        var order = new XmlOrder { Id = 7, Customer = "Ada & <Co>", Quantity = 2, Price = 10.5m };

        var xml = XmlMapper.Serialize(order);
        var back = XmlMapper.Deserialize<XmlOrder>(xml);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        Assert.Contains("<Order xmlns=\"urn:acme:orders\">", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("xmlns:xsi", xml, StringComparison.Ordinal);
        Assert.Equal((7, "Ada & <Co>", 2, 10.5m), (back.Id, back.Customer, back.Quantity, back.Price));
    }

    [Fact]
    public void Options_rename_the_root_and_its_namespace_per_instance()
    {
        var options = new XmlMapOptions { RootName = "Bestellung", Namespace = "urn:partner:de", Indent = false, OmitXmlDeclaration = true };

        var xml = XmlMapper.Serialize(new PlainOrder { Id = 1, Customer = "A" }, options);
        var back = XmlMapper.Deserialize<PlainOrder>(xml, options);

        Assert.StartsWith("<Bestellung xmlns=\"urn:partner:de\"><Id>1</Id>", xml, StringComparison.Ordinal);
        Assert.Equal(1, back.Id);
    }

    [Fact]
    public void Streams_are_utf8_and_left_open()
    {
        using var stream = new MemoryStream();

        XmlMapper.Serialize(new XmlOrder { Id = 3, Customer = "Müller" }, stream);
        Assert.True(stream.CanRead);
        stream.Position = 0;
        var back = XmlMapper.Deserialize<XmlOrder>(stream);

        Assert.Equal("Müller", back.Customer);
        Assert.DoesNotContain("\uFEFF", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_type_declaration_is_refused()
    {
        const string xxe = """<?xml version="1.0"?><!DOCTYPE Order [<!ENTITY x SYSTEM "file:///etc/passwd">]><Order xmlns="urn:acme:orders"><Customer>&x;</Customer></Order>""";

        var error = Assert.Throws<InvalidOperationException>(() => XmlMapper.Deserialize<XmlOrder>(xxe));

        Assert.IsType<XmlException>(error.InnerException);
    }
}
