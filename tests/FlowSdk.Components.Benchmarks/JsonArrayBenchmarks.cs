using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using FlowSdk.Components.Records;

namespace FlowSdk.Components.Benchmarks;

public sealed record JsonOrder(int Id, string Customer, string Sku, int Quantity, decimal Price, DateTime OrderedAt, bool Shipped);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JsonOrder))]
[JsonSerializable(typeof(JsonOrder[]))]
public sealed partial class BenchJsonContext : JsonSerializerContext;

/// <summary>
/// Splitting a 100,000-element JSON array: the bare <c>JsonSerializer.DeserializeAsyncEnumerable</c> (which stops at
/// the first bad element) beside the component (which reports it and goes on). Mean and Allocated are per element.
/// </summary>
[MemoryDiagnoser]
public class JsonArrayBenchmarks
{
    public const int Elements = 100_000;
    private byte[] _json = [];
    private readonly JsonArraySplit _split = new();

    [GlobalSetup]
    public void Setup()
    {
        var orders = Enumerable.Range(1, Elements).Select(i => new JsonOrder(i, "Customer " + (i % 500), "SKU-" + (i % 97), i % 13, 10.5m + i % 1000,
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i), i % 3 == 0));
        _json = JsonSerializer.SerializeToUtf8Bytes(orders.ToArray(), BenchJsonContext.Default.Options);
    }

    [Benchmark(OperationsPerInvoke = Elements, Baseline = true)]
    public async Task<long> DeserializeAsyncEnumerable_Baseline()
    {
        long sum = 0;
        await foreach (var order in JsonSerializer.DeserializeAsyncEnumerable(new MemoryStream(_json, writable: false), BenchJsonContext.Default.JsonOrder))
        {
            sum += order!.Id;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Elements)]
    public async Task<long> JsonArraySplit_Component()
    {
        long sum = 0;
        await foreach (var order in _split.ReadAsync(new MemoryStream(_json, writable: false), BenchJsonContext.Default.JsonOrder))
        {
            sum += order.Id;
        }
        return sum;
    }
}

/// <summary><c>Batch(100)</c> over 100,000 items beside a hand-written batching loop. Mean and Allocated are per item.</summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    public const int Items = 100_000;
    public const int Size = 100;

    [Benchmark(OperationsPerInvoke = Items, Baseline = true)]
    public async Task<long> HandWritten_Baseline()
    {
        long sum = 0;
        var batch = new int[Size];
        var count = 0;
        await foreach (var item in Numbers())
        {
            batch[count++] = item;
            if (count == Size)
            {
                sum += batch[0];
                batch = new int[Size];
                count = 0;
            }
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<long> Batch_Component()
    {
        long sum = 0;
        await foreach (var batch in Numbers().Batch(Size))
        {
            sum += batch[0];
        }
        return sum;
    }

    private static async IAsyncEnumerable<int> Numbers()
    {
        for (var i = 0; i < Items; i++)
        {
            if (i % 4096 == 0)
            {
                await Task.Yield();
            }
            yield return i;
        }
    }
}
