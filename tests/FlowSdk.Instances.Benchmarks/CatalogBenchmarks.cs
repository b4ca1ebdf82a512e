using System.Collections.Frozen;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// The instance catalog at 1,000, 10,000 and 20,000 instances, on a change feed in memory so only the catalog is timed:
/// one refresh that applies a single change (issue 14's goal: time in proportion to the change, so flat across sizes),
/// and the lookup every message makes. Beside each, as its baseline, the structure the catalog used before: a frozen
/// dictionary rebuilt from a full copy on every refresh.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
public class CatalogBenchmarks
{
    private FeedStore _store = null!;
    private InstanceCatalog _catalog = null!;
    private string[] _ids = null!;
    private FrozenDictionary<string, FlowInstance> _frozen = null!;
    private int _next;

    [Params(1_000, 10_000, 20_000)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new FeedStore();
        _ids = [.. Enumerable.Range(0, Instances).Select(i => "customer-" + i.ToString("D6", CultureInfo.InvariantCulture))];
        foreach (var id in _ids)
        {
            _store.Change(id);
        }

        _catalog = new InstanceCatalog(_store, Options.Create(new InstanceCatalogOptions()), TimeProvider.System, NullLogger<InstanceCatalog>.Instance);
        _catalog.RefreshAsync().GetAwaiter().GetResult();
        if (_catalog.Count != Instances)
        {
            throw new InvalidOperationException($"The catalog holds {_catalog.Count} instances, not {Instances}.");
        }

        _frozen = _catalog.GetByFlow(InstanceFixture.FlowName).ToFrozenDictionary(i => i.Id, StringComparer.Ordinal);
        new Random(42).Shuffle(_ids);
    }

    [GlobalCleanup]
    public void Cleanup() => _catalog.Dispose();

    /// <summary>One instance changes in the store; the catalog reads the change and publishes its new view.</summary>
    [Benchmark]
    [BenchmarkCategory("change")]
    public Task Change_Refresh()
    {
        _store.Change(_ids[Next()]);
        return _catalog.RefreshAsync();
    }

    /// <summary>
    /// For comparison, the former refresh's work for the same change: the whole view copied, the change applied and
    /// the frozen dictionary rebuilt (the store's change feed not read).
    /// </summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("change")]
    public FrozenDictionary<string, FlowInstance> Change_FrozenRebuild_Before()
    {
        var id = _ids[Next()];
        var copy = new Dictionary<string, FlowInstance>(_frozen, StringComparer.Ordinal) { [id] = _frozen[id] };
        _frozen = copy.ToFrozenDictionary(StringComparer.Ordinal);
        return _frozen;
    }

    /// <summary>The catalog lookup a message makes, to a different instance each time.</summary>
    [Benchmark]
    [BenchmarkCategory("lookup")]
    public FlowInstance? Lookup()
    {
        _catalog.TryGet(_ids[Next()], out var instance);
        return instance;
    }

    /// <summary>For comparison, the same lookup in the frozen dictionary the catalog used before.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("lookup")]
    public FlowInstance? Lookup_Frozen_Before()
    {
        _frozen.TryGetValue(_ids[Next()], out var instance);
        return instance;
    }

    private int Next()
    {
        var index = _next + 1;
        _next = index == _ids.Length ? 0 : index;
        return _next;
    }
}
