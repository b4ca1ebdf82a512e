using System.Collections.Concurrent;
using System.Xml.Xsl;
using FlowSdk.Components.Xml;

namespace FlowSdk.Components.Tests.Xml;

public sealed class XsltTransformsTests
{
    private const string Order = """<Order xmlns="urn:acme:orders"><Id>9</Id><Customer>Ada</Customer><Quantity>3</Quantity><Price>2.50</Price></Order>""";

    private static XsltTransforms Create()
    {
        var options = new XsltOptions { BaseDirectory = Path.Combine(AppContext.BaseDirectory, "Data") };
        options.Stylesheets["invoice"] = "order-to-invoice.xslt";
        return new XsltTransforms(options);
    }

    [Fact]
    public void A_stylesheet_is_compiled_once_and_the_same_instance_returned_by_name_or_path()
    {
        var transforms = Create();

        var byName = transforms.Get("invoice");

        Assert.Same(byName, transforms.Get("invoice"));
        Assert.Same(byName, transforms.Get("order-to-invoice.xslt"));
        Assert.Same(byName, transforms.Get("order-to-invoice"));
        Assert.Same(byName, transforms.Get(TestData.PathOf("order-to-invoice.xslt")));
    }

    [Fact]
    public void It_transforms_with_per_call_parameters()
    {
        var arguments = new XsltArgumentList();
        arguments.AddParam("currency", "", "CHF");

        var invoice = Create().Get("invoice").Transform(Order, arguments);

        Assert.Equal("""<Invoice number="9" currency="CHF"><Customer>Ada</Customer><Total>7.50</Total></Invoice>""", invoice);
    }

    [Fact]
    public async Task Concurrent_first_calls_compile_once_and_concurrent_transforms_are_safe()
    {
        var transforms = Create();
        var seen = new ConcurrentBag<XsltTransform>();
        var results = new ConcurrentBag<string>();
        using var start = new ManualResetEventSlim();

        var workers = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.Wait();
            for (var n = 0; n < 50; n++)
            {
                var transform = transforms.Get(n % 2 == 0 ? "invoice" : "order-to-invoice.xslt");
                seen.Add(transform);
                var arguments = new XsltArgumentList();
                arguments.AddParam("currency", "", "C" + i);
                results.Add(transform.Transform(Order.Replace("<Id>9</Id>", $"<Id>{i * 100 + n}</Id>", StringComparison.Ordinal), arguments));
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        Assert.Single(seen.Distinct());
        Assert.Equal(400, results.Distinct().Count());
        Assert.All(results, r => Assert.Contains("<Total>7.50</Total>", r, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_stylesheet_is_a_file_not_found() =>
        Assert.Throws<FileNotFoundException>(() => Create().Get("no-such-sheet"));

    [Fact]
    public void A_broken_stylesheet_throws_each_time_and_is_not_cached()
    {
        var transforms = Create();

        Assert.ThrowsAny<XsltException>(() => transforms.Get("broken"));
        Assert.ThrowsAny<XsltException>(() => transforms.Get("broken"));
    }
}
