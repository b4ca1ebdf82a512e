using System.Runtime.CompilerServices;
using System.Xml.Xsl;
using FlowSdk.Components.Records;
using FlowSdk.Components.Tests.Records;
using FlowSdk.Components.Tests.Xml;
using FlowSdk.Components.Xml;

namespace FlowSdk.Components.Tests.Flows;

/// <summary>A customer's upload: where the file is.</summary>
public sealed record CsvUpload(string Path);

/// <summary>One instance's settings, as its configuration would bind them: file format, stylesheet, currency.</summary>
public sealed class ImportSettings
{
    public char Separator { get; set; } = ',';
    public string Culture { get; set; } = "";
    public string Stylesheet { get; set; } = "invoice";
    public string Currency { get; set; } = "EUR";

    public CsvOptions Csv => new() { Separator = Separator, Culture = Culture };
}

/// <summary>CSV rows in, one XML invoice per row out: a split over the CSV reader, then XML mapping and XSLT.</summary>
[Flow("csv-to-xml", Configuration = typeof(ImportSettings))]
public sealed partial class CsvToXmlFlow(CsvRecords csv, IXsltTransforms xslt)
{
    public List<string> Invoices { get; } = [];
    public List<CsvBadRow> BadRows { get; } = [];

    [Split]
    public async IAsyncEnumerable<OrderLine> Rows(CsvUpload upload, FlowContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = context.GetConfiguration<ImportSettings>();
        await using var file = File.OpenRead(upload.Path);
        await foreach (var row in csv.ReadAsync<OrderLine>(file, settings.Csv, BadRows.Add, cancellationToken))
        {
            yield return row;
        }
    }

    [Step]
    public string ToXml(OrderLine line) =>
        XmlMapper.Serialize(new XmlOrder { Id = line.Id, Customer = line.Customer, Quantity = line.Quantity, Price = line.Price });

    [Step]
    public string ToInvoice(string orderXml, FlowContext context)
    {
        var settings = context.GetConfiguration<ImportSettings>();
        var arguments = new XsltArgumentList();
        arguments.AddParam("currency", "", settings.Currency);
        return xslt.Get(settings.Stylesheet).Transform(orderXml, arguments);
    }

    [Step]
    public void Keep(string invoice) => Invoices.Add(invoice);
}
