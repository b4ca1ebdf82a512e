using OpenTelemetry;

namespace FlowSdk.Benchmarks.Hosted;

/// <summary>
/// An OpenTelemetry exporter that takes every batch and sends it nowhere: the SDK's processing and batching run as with
/// a real exporter, without a collector to talk to.
/// </summary>
public sealed class DiscardingExporter<T> : BaseExporter<T>
    where T : class
{
    private long _exported;

    /// <summary>Items exported so far.</summary>
    public long Exported => Interlocked.Read(ref _exported);

    public override ExportResult Export(in Batch<T> batch)
    {
        Interlocked.Add(ref _exported, batch.Count);
        return ExportResult.Success;
    }
}
