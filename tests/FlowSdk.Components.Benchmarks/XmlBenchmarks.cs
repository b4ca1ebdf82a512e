using System.Text;
using System.Xml;
using System.Xml.Serialization;
using System.Xml.Xsl;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FlowSdk.Components.Xml;

namespace FlowSdk.Components.Benchmarks;

[XmlRoot("Order", Namespace = XmlBenchmarks.Ns)]
public sealed class XmlOrder
{
    public int Id { get; set; }
    public string Customer { get; set; } = "";
    public string Sku { get; set; } = "";
    public int Quantity { get; set; }
    public decimal Price { get; set; }
    public DateTime OrderedAt { get; set; }
    public bool Shipped { get; set; }
}

/// <summary>
/// Split: 10,000 namespaced order records through the bare XmlReader + XmlSerializer loop and through the component
/// (Mean and Allocated per record). XSLT: one order through the component's cached stylesheet beside loading and
/// compiling the stylesheet for every call (Mean and Allocated per transform).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class XmlBenchmarks
{
    public const string Ns = "urn:acme:orders";
    public const int Records = 10_000;

    private const string Stylesheet = """
        <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:o="urn:acme:orders" exclude-result-prefixes="o">
          <xsl:output method="xml" omit-xml-declaration="yes" />
          <xsl:template match="/o:Order">
            <Invoice number="{o:Id}"><Customer><xsl:value-of select="o:Customer" /></Customer><Total><xsl:value-of select="format-number(o:Quantity * o:Price, '0.00')" /></Total></Invoice>
          </xsl:template>
        </xsl:stylesheet>
        """;

    private const string OneOrder = """<Order xmlns="urn:acme:orders"><Id>9</Id><Customer>Ada</Customer><Quantity>3</Quantity><Price>2.50</Price></Order>""";

    private byte[] _xml = [];
    private string _stylesheetPath = "";
    private readonly XmlRecordSplit _split = new();
    private readonly XmlSerializer _serializer = new(typeof(XmlOrder));
    private XsltTransforms _transforms = null!;

    [GlobalSetup]
    public void Setup()
    {
        var xml = new StringBuilder("<Export xmlns=\"urn:acme:orders\"><Orders>");
        for (var i = 1; i <= Records; i++)
        {
            xml.Append("<Order><Id>").Append(i).Append("</Id><Customer>Customer ").Append(i % 500).Append("</Customer><Sku>SKU-").Append(i % 97)
               .Append("</Sku><Quantity>").Append(i % 13).Append("</Quantity><Price>").Append(10 + i % 1000).Append(".50</Price><OrderedAt>2026-01-01T10:00:00Z</OrderedAt><Shipped>true</Shipped></Order>");
        }
        _xml = Encoding.UTF8.GetBytes(xml.Append("</Orders></Export>").ToString());

        _stylesheetPath = Path.Combine(Path.GetTempPath(), "flowsdk-bench-invoice-" + Environment.ProcessId + ".xslt");
        File.WriteAllText(_stylesheetPath, Stylesheet);
        _transforms = new XsltTransforms(new XsltOptions { BaseDirectory = Path.GetTempPath() });
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_stylesheetPath);

    [Benchmark(OperationsPerInvoke = Records, Baseline = true), BenchmarkCategory("Split")]
    public long Split_XmlReader_XmlSerializer_Baseline()
    {
        long sum = 0;
        using var reader = XmlReader.Create(new MemoryStream(_xml, writable: false), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        while (reader.ReadToFollowing("Order", Ns))
        {
            using var subtree = reader.ReadSubtree();
            sum += ((XmlOrder)_serializer.Deserialize(subtree)!).Id;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Records), BenchmarkCategory("Split")]
    public async Task<long> Split_Component()
    {
        long sum = 0;
        await foreach (var order in _split.ReadAsync<XmlOrder>(new MemoryStream(_xml, writable: false), new XmlSplitOptions { ElementName = "Order", Namespace = Ns }))
        {
            sum += order.Id;
        }
        return sum;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Xslt")]
    public string Xslt_CompiledPerCall_Baseline()
    {
        var compiled = new XslCompiledTransform();
        compiled.Load(_stylesheetPath);
        using var input = XmlReader.Create(new StringReader(OneOrder));
        using var output = new StringWriter();
        compiled.Transform(input, null, output);
        return output.ToString();
    }

    [Benchmark, BenchmarkCategory("Xslt")]
    public string Xslt_CachedComponent() => _transforms.Get(_stylesheetPath).Transform(OneOrder);
}
