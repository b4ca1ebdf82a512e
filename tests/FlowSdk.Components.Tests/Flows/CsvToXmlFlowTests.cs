using FlowSdk.Components.Records;
using FlowSdk.Components.Xml;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Components.Tests.Flows;

public sealed class CsvToXmlFlowTests
{
    private static ServiceProvider Services() => new ServiceCollection()
        .AddLogging()
        .AddFlowRecords()
        .AddFlowXml(o =>
        {
            o.BaseDirectory = Path.Combine(AppContext.BaseDirectory, "Data");
            o.Stylesheets["invoice"] = "order-to-invoice.xslt";
        })
        .BuildServiceProvider();

    private static CsvToXmlFlow Flow(IServiceProvider services) =>
        new(services.GetRequiredService<CsvRecords>(), services.GetRequiredService<IXsltTransforms>());

    [Fact]
    public async Task One_flow_runs_each_instance_with_its_own_file_format_and_currency()
    {
        using var services = Services();
        var csvInstance = Flow(services);
        var tsvInstance = Flow(services);

        var csv = await csvInstance.RunAsync(new CsvUpload(TestData.PathOf("orders.csv")),
            new FlowContext("csv-to-xml", "acme", new ImportSettings { Currency = "USD" }));
        var tsv = await tsvInstance.RunAsync(new CsvUpload(TestData.PathOf("orders.tsv")),
            new FlowContext("csv-to-xml", "mueller", new ImportSettings { Separator = '\t', Culture = "de-DE", Stylesheet = "order-to-invoice" }));

        Assert.Equal(FlowOutcome.Completed, csv.Outcome);
        Assert.Equal(3, csv.CompletedItems);
        Assert.Equal(0, csv.FailedItems);
        Assert.Equal("""<Invoice number="1" currency="USD"><Customer>Ada Lovelace</Customer><Total>21.00</Total></Invoice>""", csvInstance.Invoices[0]);
        Assert.Equal([3L, 6L], csvInstance.BadRows.Select(b => b.Line));

        Assert.Equal(3, tsv.CompletedItems);
        Assert.Equal("""<Invoice number="2" currency="EUR"><Customer>Schmidt	Söhne</Customer><Total>4939.00</Total></Invoice>""", tsvInstance.Invoices[1]);
        Assert.Equal(["Price", "OrderedAt"], tsvInstance.BadRows.Select(b => b.Column));
        // Both instances share the one compiled stylesheet.
        Assert.Same(services.GetRequiredService<IXsltTransforms>().Get("invoice"), services.GetRequiredService<IXsltTransforms>().Get("order-to-invoice"));
    }
}
