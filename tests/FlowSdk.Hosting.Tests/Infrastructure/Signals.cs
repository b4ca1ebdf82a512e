using System.Collections.Concurrent;

namespace FlowSdk.Hosting.Tests;

/// <summary>Gates and counters flows use so tests synchronise on signals, never on sleeps.</summary>
public sealed class Probe
{
    private readonly ConcurrentQueue<object> _seen = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<bool> Done, TaskCompletionSource Source)> _waiters = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private int _running;
    private int _peak;

    /// <summary>A hang guard, not a bound: waits end on signals, and a loaded machine may take many times the usual.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public IReadOnlyCollection<object> Seen => _seen;

    public int Count => Volatile.Read(ref _count);

    public int Peak => Volatile.Read(ref _peak);

    /// <summary>When true, <see cref="EnterAsync"/> waits for <see cref="Release"/>.</summary>
    public bool Gated { get; set; }

    public void Record(object item)
    {
        _seen.Enqueue(item);
        Interlocked.Increment(ref _count);
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Done()).ToList())
            {
                waiter.Source.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes when <see cref="Record"/> was called at least <paramref name="count"/> times.</summary>
    public Task WhenCount(int count) => When(() => Count >= count);

    /// <summary>Completes when every one of <paramref name="items"/> was recorded.</summary>
    public Task WhenSeen(params object[] items) => When(() => items.All(_seen.Contains));

    private Task When(Func<bool> done)
    {
        lock (_gate)
        {
            if (done())
            {
                return Task.CompletedTask;
            }

            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((done, source));
            return source.Task.WaitAsync(Timeout);
        }
    }

    /// <summary>Records the item, tracks concurrency, and waits while the probe is gated.</summary>
    public async ValueTask EnterAsync(object item, CancellationToken cancellationToken = default)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _peak, running);
        try
        {
            Record(item);
            if (Gated)
            {
                await _release.Task.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public void Release() => _release.TrySetResult();

    public void Regate()
    {
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Gated = true;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}

/// <summary>Collects execution reports and lets a test wait for a number of them.</summary>
public sealed class ReportCollector : IFlowExecutionListener
{
    private readonly Probe _probe = new();

    public IReadOnlyCollection<FlowExecutionReport> Reports => _probe.Seen.Cast<FlowExecutionReport>().ToList();

    public void OnExecutionFinished(in FlowExecutionReport report) => _probe.Record(report);

    public Task WhenCount(int count) => _probe.WhenCount(count);
}
