using System.Collections.Concurrent;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>Counts per instance and in total, with waits on a count.</summary>
public sealed class Counts
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<(string? InstanceId, int Count, TaskCompletionSource Source)> _waiters = [];
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public int Of(string instanceId) => _counts.GetValueOrDefault(instanceId);

    public void Add(string instanceId)
    {
        lock (_gate)
        {
            _counts.AddOrUpdate(instanceId, 1, (_, n) => n + 1);
            _total++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (id, count, source) = _waiters[i];
                if ((id is null ? _total : Of(id)) >= count)
                {
                    source.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes when <paramref name="instanceId"/> (or, when null, all together) reached <paramref name="count"/>.</summary>
    public Task When(string? instanceId, int count)
    {
        lock (_gate)
        {
            if ((instanceId is null ? _total : Of(instanceId)) >= count)
            {
                return Task.CompletedTask;
            }

            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((instanceId, count, source));
            return source.Task.WaitAsync(Recorder.Timeout);
        }
    }
}
