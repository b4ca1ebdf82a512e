using System.Globalization;
using System.Text;
using FlowSdk.Components.Records;
using CsvHelper;

namespace FlowSdk.Components.Tests.Records;

public sealed class CsvRecordsTests
{
    private readonly CsvRecords _csv = new();

    [Fact]
    public async Task Csv_file_reads_the_good_rows_and_reports_each_bad_one_with_row_line_column_and_value()
    {
        var bad = new List<CsvBadRow>();
        await using var file = TestData.Open("orders.csv");

        var rows = await _csv.ReadAsync<OrderLine>(file, CsvOptions.Csv, bad.Add).ToListAsync();

        Assert.Equal([1, 3, 5], rows.Select(r => r.Id));
        Assert.Equal(10.50m, rows[0].Price);
        Assert.Equal(new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc), rows[0].OrderedAt.ToUniversalTime());
        Assert.True(rows[0].Shipped);
        // A quoted field keeps its embedded separator and line break.
        Assert.Equal("Hopper, Grace\r\nRear Admiral", rows[1].Customer);

        Assert.Equal(2, bad.Count);
        var notANumber = bad[0];
        Assert.Equal((2L, 3L, "Quantity", "many"), (notANumber.Row, notANumber.Line, notANumber.Column, notANumber.Value));
        Assert.False(string.IsNullOrWhiteSpace(notANumber.Reason));
        Assert.DoesNotContain("many", notANumber.Reason, StringComparison.Ordinal); // values stay out of messages and logs

        // Row 4 has six columns of eight: it starts on line 6 (the quoted row took lines 4 and 5).
        var missingColumns = bad[1];
        Assert.Equal(6L, missingColumns.Line);
        Assert.Null(missingColumns.Column);
        Assert.Contains("columns", missingColumns.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tsv_file_uses_the_instance_separator_and_culture()
    {
        var bad = new List<CsvBadRow>();
        var options = new CsvOptions { Separator = '\t', Culture = "de-DE" };
        await using var file = TestData.Open("orders.tsv");

        var rows = await _csv.ReadAsync<OrderLine>(file, options, bad.Add).ToListAsync();

        Assert.Equal([1, 2, 5], rows.Select(r => r.Id));
        Assert.Equal(10.50m, rows[0].Price);
        Assert.Equal(1234.75m, rows[1].Price);
        Assert.Equal("Schmidt\tSöhne", rows[1].Customer);
        Assert.Equal(new DateTime(2026, 1, 5, 10, 0, 0), rows[0].OrderedAt);
        Assert.Equal([(3L, 4L, "Price", "zwölf"), (4L, 5L, "OrderedAt", "bald")], bad.Select(b => (b.Row, b.Line, b.Column!, b.Value!)));
    }

    [Fact]
    public async Task A_header_without_a_required_column_is_a_clear_error()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("Id,Customer\n1,Ada\n"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _csv.ReadAsync<OrderLine>(stream, CsvOptions.Csv).ToListAsync());

        Assert.Contains("Quantity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Written_rows_read_back_the_same_in_the_instance_format()
    {
        var options = new CsvOptions { Separator = ';', Culture = "de-DE" };
        OrderLine[] lines =
        [
            new() { Id = 1, Customer = "Müller; Söhne", Email = "m@example.com", Sku = "A", Quantity = 2, Price = 1234.5m, OrderedAt = new DateTime(2026, 2, 1, 8, 0, 0), Shipped = true },
            new() { Id = 2, Customer = "Line\nbreak \"quoted\"", Email = "b@example.com", Sku = "B", Quantity = 1, Price = 0.25m, OrderedAt = new DateTime(2026, 2, 2, 9, 30, 0) },
        ];
        using var stream = new MemoryStream();

        await _csv.WriteAsync(stream, lines, options);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        stream.Position = 0;
        var read = await _csv.ReadAsync<OrderLine>(stream, options).ToListAsync();

        Assert.StartsWith("Id;Customer;", text, StringComparison.Ordinal);
        Assert.Contains("1234,5", text, StringComparison.Ordinal);
        Assert.Equal(lines.Select(l => (l.Id, l.Customer, l.Price, l.OrderedAt, l.Shipped)), read.Select(l => (l.Id, l.Customer, l.Price, l.OrderedAt, l.Shipped)));
    }

    [Fact]
    public async Task Writing_an_async_sequence_streams_it()
    {
        using var stream = new MemoryStream();

        await _csv.WriteAsync(stream, Lines(3), CsvOptions.Tsv);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("Id\tCustomer", lines[0], StringComparison.Ordinal);

        static async IAsyncEnumerable<OrderLine> Lines(int count)
        {
            for (var i = 1; i <= count; i++)
            {
                await Task.Yield();
                yield return new OrderLine { Id = i, Customer = "c" + i.ToString(CultureInfo.InvariantCulture) };
            }
        }
    }

    [Fact]
    public async Task Cancellation_stops_reading()
    {
        using var cts = new CancellationTokenSource();
        await using var file = TestData.Open("orders.csv");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var row in _csv.ReadAsync<OrderLine>(file, CsvOptions.Csv, cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        });
    }
}
