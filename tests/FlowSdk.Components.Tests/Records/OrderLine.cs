using System.Text.Json.Serialization;
using CsvHelper;

namespace FlowSdk.Components.Tests.Records;

/// <summary>An order line as the CSV and TSV test files hold it; CsvHelper's generator writes its mapper.</summary>
[CsvRecord]
public sealed partial class OrderLine
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

/// <summary>An order as the JSON test file holds it.</summary>
public sealed record JsonOrder(int Id, string Customer, int Quantity, decimal Price);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JsonOrder))]
[JsonSerializable(typeof(int))]
public sealed partial class RecordsJsonContext : JsonSerializerContext;
