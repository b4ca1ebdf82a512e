using System.Collections.Concurrent;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>What flows saw, with waits on counts and an optional gate; tests synchronise on it, never on sleeps.</summary>
public sealed class Recorder
{
    /// <summary>A hang guard, not a bound: waits end on signals, and a loaded machine may take many times the usual.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _peak = new(StringComparer.Ordinal);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _gated;

    /// <summary>Executions that reached the step (before the gate).</summary>
    public Counts Entered { get; } = new();

    /// <summary>Executions recorded (after the gate).</summary>
    public Counts Recorded { get; } = new();

    /// <summary>Called with every record, on the consumer loop, before waiters are told.</summary>
    public Action<Seen>? OnRecord { get; set; }

    public IReadOnlyCollection<Seen> Seen => _seen;

    public int Total => Recorded.Total;

    public int Count(string instanceId) => Recorded.Of(instanceId);

    public int Peak(string instanceId) => _peak.GetValueOrDefault(instanceId);

    public void Gate()
    {
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gated = true;
    }

    public void Release()
    {
        _gated = false;
        _release.TrySetResult();
    }

    public void Record(Seen seen)
    {
        OnRecord?.Invoke(seen);
        _seen.Enqueue(seen);
        Recorded.Add(seen.InstanceId);
    }

    /// <summary>Tracks per-instance concurrency, waits while gated, then records.</summary>
    public async ValueTask EnterAsync(Seen seen, CancellationToken cancellationToken)
    {
        var running = _running.AddOrUpdate(seen.InstanceId, 1, (_, n) => n + 1);
        _peak.AddOrUpdate(seen.InstanceId, running, (_, n) => Math.Max(n, running));
        try
        {
            var release = _release.Task;
            Entered.Add(seen.InstanceId);
            if (_gated)
            {
                await release.WaitAsync(cancellationToken);
            }

            Record(seen);
        }
        finally
        {
            _running.AddOrUpdate(seen.InstanceId, 0, (_, n) => n - 1);
        }
    }

    /// <summary>Completes when <paramref name="instanceId"/> (or, when null, any instance) has <paramref name="count"/> records.</summary>
    public Task When(string? instanceId, int count) => Recorded.When(instanceId, count);
}
