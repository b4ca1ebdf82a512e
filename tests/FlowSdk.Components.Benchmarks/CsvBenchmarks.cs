using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FlowSdk.Components.Records;
using CsvHelper;
using nietras.SeparatedValues;

namespace FlowSdk.Components.Benchmarks;

/// <summary>An eight-column order line, the record every CSV benchmark reads and writes.</summary>
[CsvRecord]
public sealed partial class CsvOrder
{
    public int Id { get; set; }
    public string Customer { get; set; } = "";
    public string Email { get; set; } = "";
    public string Sku { get; set; } = "";
    public int Quantity { get; set; }
    public decimal Price { get; set; }
    public DateTime OrderedAt { get; set; }
    public bool Shipped { get; set; }
}

/// <summary>
/// Reading and writing 100,000 typed rows through the bare Sep, the bare CsvHelper and the records component.
/// OperationsPerInvoke is the row count, so Mean is per record and Allocated is bytes per record. The bare CsvHelper
/// is the baseline of each category: it is the library the component is built on.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CsvBenchmarks
{
    private readonly CsvRecords _records = new();
    public const int Rows = 100_000;
    private byte[] _csv = [];
    private CsvOrder[] _orders = [];
    private readonly MemoryStream _output = new(16 << 20);

    [GlobalSetup]
    public void Setup()
    {
        _orders = [.. Enumerable.Range(1, Rows).Select(CreateOrder)];
        var text = new StringBuilder("Id,Customer,Email,Sku,Quantity,Price,OrderedAt,Shipped\n");
        foreach (var o in _orders)
        {
            text.Append(CultureInfo.InvariantCulture, $"{o.Id},{o.Customer},{o.Email},{o.Sku},{o.Quantity},{o.Price},{o.OrderedAt:O},{o.Shipped}\n");
        }
        _csv = Encoding.UTF8.GetBytes(text.ToString());
    }

    internal static CsvOrder CreateOrder(int i) => new()
    {
        Id = i,
        Customer = "Customer " + (i % 500),
        Email = "c" + (i % 500) + "@example.com",
        Sku = "SKU-" + (i % 97),
        Quantity = i % 13,
        Price = 10.5m + (i % 1000),
        OrderedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i),
        Shipped = i % 3 == 0,
    };

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Read")]
    public long Read_Sep()
    {
        long sum = 0;
        using var reader = Sep.Reader(o => o with { CultureInfo = CultureInfo.InvariantCulture, Unescape = true }).From(new MemoryStream(_csv, writable: false));
        var h = reader.Header;
        int id = h.IndexOf("Id"), customer = h.IndexOf("Customer"), email = h.IndexOf("Email"), sku = h.IndexOf("Sku"),
            quantity = h.IndexOf("Quantity"), price = h.IndexOf("Price"), orderedAt = h.IndexOf("OrderedAt"), shipped = h.IndexOf("Shipped");
        foreach (var row in reader)
        {
            var order = new CsvOrder
            {
                Id = row[id].Parse<int>(),
                Customer = row[customer].ToString(),
                Email = row[email].ToString(),
                Sku = row[sku].ToString(),
                Quantity = row[quantity].Parse<int>(),
                Price = row[price].Parse<decimal>(),
                OrderedAt = row[orderedAt].Parse<DateTime>(),
                Shipped = row[shipped].Parse<bool>(),
            };
            sum += order.Id;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows, Baseline = true), BenchmarkCategory("Read")]
    public long Read_CsvHelper_Baseline()
    {
        long sum = 0;
        using var reader = CsvReader.Create(new MemoryStream(_csv, writable: false), CsvReaderOptions.Default with { Separator = ',', FormatProvider = CultureInfo.InvariantCulture });
        foreach (var order in reader.GetRecords<CsvOrder>())
        {
            sum += order.Id;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Write")]
    public long Write_Sep()
    {
        _output.Position = 0;
        using (var writer = Sep.Writer(o => o with { CultureInfo = CultureInfo.InvariantCulture, Escape = true }).To(_output, leaveOpen: true))
        {
            foreach (var o in _orders)
            {
                using var row = writer.NewRow();
                row["Id"].Format(o.Id);
                row["Customer"].Set(o.Customer);
                row["Email"].Set(o.Email);
                row["Sku"].Set(o.Sku);
                row["Quantity"].Format(o.Quantity);
                row["Price"].Format(o.Price);
                row["OrderedAt"].Format(o.OrderedAt);
                row["Shipped"].Set(o.Shipped ? "True" : "False");
            }
        }
        return _output.Position;
    }

    [Benchmark(OperationsPerInvoke = Rows, Baseline = true), BenchmarkCategory("Write")]
    public long Write_CsvHelper_Baseline()
    {
        _output.Position = 0;
        using (var writer = CsvWriter.Create(_output, CsvWriterOptions.Default with { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true))
        {
            writer.WriteRecords(_orders);
        }
        return _output.Position;
    }

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Read")]
    public async Task<long> Read_CsvHelper_Async()
    {
        long sum = 0;
        await using var reader = CsvReader.Create(new MemoryStream(_csv, writable: false), CsvReaderOptions.Default with { Separator = ',', FormatProvider = CultureInfo.InvariantCulture });
        await foreach (var order in reader.GetRecordsAsync<CsvOrder>())
        {
            sum += order.Id;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Read")]
    public async Task<long> Read_Component()
    {
        long sum = 0;
        await foreach (var order in _records.ReadAsync<CsvOrder>(new MemoryStream(_csv, writable: false), CsvOptions.Csv))
        {
            sum += order.Id;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Write")]
    public async Task<long> Write_Component()
    {
        _output.Position = 0;
        await _records.WriteAsync(_output, _orders, CsvOptions.Csv);
        return _output.Position;
    }
}
