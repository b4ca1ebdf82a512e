using System.Text;
using System.Xml;
using FlowSdk.Components.Xml;

namespace FlowSdk.Components.Tests.Xml;

public sealed class XmlRecordSplitTests
{
    private readonly XmlRecordSplit _split = new();

    [Fact]
    public async Task Records_in_the_named_namespace_are_read_and_a_bad_one_is_reported_and_skipped()
    {
        var bad = new List<XmlBadRecord>();
        await using var file = TestData.Open("orders.xml");

        var orders = await _split.ReadAsync<XmlOrder>(file, new XmlSplitOptions { ElementName = "Order", Namespace = XmlOrder.Ns }, bad.Add).ToListAsync();

        // The envelope's env:Order and the other:Order are other namespaces; a prefixed o:Order is the same one.
        Assert.Equal([1, 3], orders.Select(o => o.Id));
        Assert.Equal("Grace Hopper & Co", orders[1].Customer);
        Assert.Equal(99.99m, orders[1].Price);
        var record = Assert.Single(bad);
        Assert.Equal((2L, 12), (record.Record, record.Line));
        Assert.Contains("lots", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_namespace_every_element_of_that_name_matches()
    {
        const string xml = "<rows><Order><Id>1</Id></Order><x:Order xmlns:x=\"urn:x\"><x:Id>2</x:Id></x:Order><Order/></rows>";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));

        var orders = await _split.ReadAsync<PlainOrder>(stream, new XmlSplitOptions { ElementName = "Order" }).ToListAsync();

        Assert.Equal([1, 2, 0], orders.Select(o => o.Id));
    }

    [Fact]
    public async Task A_document_that_is_not_well_formed_ends_the_split_with_the_line()
    {
        var orders = new List<XmlOrder>();
        await using var file = TestData.Open("orders-malformed.xml");

        var error = await Assert.ThrowsAsync<XmlException>(async () =>
        {
            await foreach (var order in _split.ReadAsync<XmlOrder>(file, new XmlSplitOptions { ElementName = "Order", Namespace = XmlOrder.Ns }))
            {
                orders.Add(order);
            }
        });

        Assert.Equal([1], orders.Select(o => o.Id));
        Assert.Equal(6, error.LineNumber);
    }

    [Fact]
    public async Task Many_records_stream_through()
    {
        var xml = new StringBuilder("<Orders xmlns=\"urn:acme:orders\">");
        for (var i = 1; i <= 5000; i++)
        {
            xml.Append("<Order><Id>").Append(i).Append("</Id><Customer>c</Customer><Quantity>1</Quantity><Price>1</Price></Order>");
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml.Append("</Orders>").ToString()));

        var orders = await _split.ReadAsync<XmlOrder>(stream, new XmlSplitOptions { ElementName = "Order", Namespace = XmlOrder.Ns }).ToListAsync();

        Assert.Equal(Enumerable.Range(1, 5000), orders.Select(o => o.Id));
    }
}
