using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting;

/// <summary>Options of <see cref="InMemoryFlowDeadLetterSink"/>.</summary>
public sealed class InMemoryFlowDeadLetterOptions
{
    /// <summary>How many letters are kept; the oldest is dropped (and logged) beyond it. Default 1000.</summary>
    public int Capacity { get; set; } = 1000;
}

/// <summary>The default dead-letter sink: keeps the latest letters in memory, bounded, and logs each one.</summary>
public sealed class InMemoryFlowDeadLetterSink : IFlowDeadLetterSink
{
    private readonly Queue<FlowDeadLetter> _letters = new();
    private readonly int _capacity;
    private readonly ILogger _logger;

    /// <summary>Creates the sink.</summary>
    public InMemoryFlowDeadLetterSink(IOptions<InMemoryFlowDeadLetterOptions> options, ILogger<InMemoryFlowDeadLetterSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = Math.Max(1, options.Value.Capacity);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>How many letters the sink holds.</summary>
    public int Count
    {
        get
        {
            lock (_letters)
            {
                return _letters.Count;
            }
        }
    }

    /// <summary>A copy of the letters held, oldest first.</summary>
    public IReadOnlyList<FlowDeadLetter> Snapshot()
    {
        lock (_letters)
        {
            return _letters.ToArray();
        }
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(FlowDeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        FlowDeadLetter? evicted = null;
        lock (_letters)
        {
            if (_letters.Count >= _capacity)
            {
                evicted = _letters.Dequeue();
            }

            _letters.Enqueue(letter);
        }

        if (evicted is not null)
        {
            Log.DeadLetterEvicted(_logger, evicted.FlowName, evicted.ExecutionId);
        }

        return ValueTask.CompletedTask;
    }
}
