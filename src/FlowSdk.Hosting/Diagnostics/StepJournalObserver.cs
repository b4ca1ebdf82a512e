using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Hosting;

/// <summary>
/// Keeps the step journal of the attempt running on one consumer's <see cref="FlowContext"/>: per step the first start,
/// the summed duration, the calls and how often an item stopped there; with payloads, the JSON of the first payload a
/// step received and of the execution's output. Reused for every attempt of the consumer; <see cref="Snapshot"/>
/// copies the journal out when the execution ends. Forwards each step start to the step timing when that is listened to.
/// </summary>
internal sealed class StepJournalObserver : IFlowStepObserver
{
    private readonly FlowDefinition _definition;
    private readonly JsonSerializerOptions? _json;
    private readonly int _payloadLimit;
    private readonly int[] _calls;
    private readonly int[] _stops;
    private readonly long[] _elapsed;
    private readonly long[] _firstStart;
    private readonly string?[] _payloads;
    private readonly int[] _payloadBytes;
    private ArrayBufferWriter<byte>? _buffer;
    private Utf8JsonWriter? _writer;
    private IFlowStepObserver? _next;
    private DateTimeOffset _attemptStartedAt;
    private long _attemptStart;
    private int _current;
    private long _stepStart;

    /// <param name="definition">The flow.</param>
    /// <param name="json">Options that know the payload types, when payloads are recorded; otherwise null.</param>
    /// <param name="payloadLimit">The most bytes of payload JSON a step keeps.</param>
    public StepJournalObserver(FlowDefinition definition, JsonSerializerOptions? json, int payloadLimit)
    {
        _definition = definition;
        _json = json;
        _payloadLimit = Math.Max(0, payloadLimit);
        var count = definition.Steps.Count;
        _calls = new int[count];
        _stops = new int[count];
        _elapsed = new long[count];
        _firstStart = new long[count];
        _payloads = new string?[count];
        _payloadBytes = new int[count];
    }

    /// <summary>Starts the journal of an attempt (a retry starts over), forwarding step starts to <paramref name="next"/>.</summary>
    public void Begin(DateTimeOffset startedAt, IFlowStepObserver? next)
    {
        Array.Clear(_calls);
        Array.Clear(_stops);
        Array.Clear(_elapsed);
        Array.Clear(_payloads);
        _attemptStartedAt = startedAt;
        _attemptStart = Stopwatch.GetTimestamp();
        _next = next;
        _current = -1;
    }

    public void OnStepStarting(FlowContext context, int stepIndex)
    {
        _next?.OnStepStarting(context, stepIndex);
        Enter(stepIndex);
    }

    public void OnStepStarting<T>(FlowContext context, int stepIndex, T payload)
    {
        _next?.OnStepStarting(context, stepIndex);
        if (Enter(stepIndex) && _json is not null)
        {
            _payloads[stepIndex] = Write(payload, out _payloadBytes[stepIndex]);
        }
    }

    /// <summary>The attempt ended with <paramref name="result"/>: the running step ends and the journal is copied out.</summary>
    public FlowJournalStep[] Snapshot<TOut>(in FlowResult<TOut> result)
    {
        var now = Stopwatch.GetTimestamp();
        var steps = _definition.Steps;
        var last = _current;
        var lastStep = steps.Count - _definition.Entries.Count - 1; // entries follow the pipeline's steps
        if (last >= 0)
        {
            _elapsed[last] += now - _stepStart;

            // The step that ran last stopped its item, unless it is the flow's last step and the item went through it.
            var stopped = last != lastStep
                ? steps[last].Kind is not (FlowStepKind.Split or FlowStepKind.Entry)
                : result.Outcome == FlowOutcome.Filtered || result.FilteredItems > FilterStops();
            if (stopped)
            {
                _stops[last]++;
            }

            _current = -1;
        }

        var failed = result.Outcome == FlowOutcome.Failed || result.FailedItems > 0 ? result.FailedStep : null;

        // The execution's output goes on the pipeline's last step when an item got through it: a filtered execution has none.
        string? output = null;
        var outputBytes = 0;
        if (_json is not null && result.CompletedItems > 0)
        {
            output = Write(result.Output, out outputBytes);
        }
        var ran = 0;
        foreach (var calls in _calls)
        {
            ran += calls > 0 ? 1 : 0;
        }

        var journal = new FlowJournalStep[ran];
        var firstSplit = true;
        for (int i = 0, n = 0; i < steps.Count; i++)
        {
            if (_calls[i] == 0)
            {
                continue;
            }

            var step = steps[i];
            var outcome = FlowStepOutcome.Completed;
            if (failed is not null && string.Equals(step.Name, failed, StringComparison.Ordinal))
            {
                outcome = FlowStepOutcome.Failed;
            }
            else if (step.Kind == FlowStepKind.Filter && _stops[i] > 0)
            {
                outcome = FlowStepOutcome.Filtered;
            }

            FlowItemCounts? items = null;
            // An entry hands over the execution's items as a split does.
            if (step.Kind is FlowStepKind.Split or FlowStepKind.Entry && firstSplit)
            {
                firstSplit = false;
                items = new FlowItemCounts(result.CompletedItems, result.FilteredItems, result.FailedItems);
            }

            journal[n++] = new FlowJournalStep
            {
                Index = i,
                Name = step.Name,
                Kind = step.Kind,
                StartedAt = _attemptStartedAt + Stopwatch.GetElapsedTime(_attemptStart, _firstStart[i]),
                Duration = TimeSpan.FromTicks(_elapsed[i] * TimeSpan.TicksPerSecond / Stopwatch.Frequency),
                Outcome = outcome,
                Exception = outcome == FlowStepOutcome.Failed ? result.Exception : null,
                Calls = _calls[i],
                Items = items,
                Payload = _payloads[i],
                PayloadBytes = _payloadBytes[i],
                PayloadLimit = _payloadLimit,
                Output = i == lastStep ? output : null,
                OutputBytes = i == lastStep ? outputBytes : 0,
            };
        }

        // In the order the steps started: an entry (listed after the pipeline's steps) runs first.
        if (_definition.Entries.Count > 0)
        {
            Array.Sort(journal, static (a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : a.Index.CompareTo(b.Index));
        }

        return journal;
    }

    /// <summary>Items stopped at filters so far (a split flow's filtered count minus these stopped at its last step).</summary>
    private int FilterStops()
    {
        var stops = 0;
        for (var i = 0; i < _stops.Length; i++)
        {
            stops += _definition.Steps[i].Kind == FlowStepKind.Filter ? _stops[i] : 0;
        }

        return stops;
    }

    /// <summary>Counts a start of step <paramref name="index"/>; true on its first call.</summary>
    private bool Enter(int index)
    {
        if ((uint)index >= (uint)_calls.Length)
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        if (_current >= 0)
        {
            _elapsed[_current] += now - _stepStart;

            // Going back to this step or an earlier one means the next item of a split began: the item stopped at the step before.
            if (index <= _current && _definition.Steps[_current].Kind != FlowStepKind.Split)
            {
                _stops[_current]++;
            }
        }

        _current = index;
        _stepStart = now;
        if (_calls[index]++ == 0)
        {
            _firstStart[index] = now;
            return true;
        }

        return false;
    }

    /// <summary>The JSON of <paramref name="value"/>, at most twice the limit; <paramref name="bytes"/> is its whole length.</summary>
    private string? Write<T>(T value, out int bytes)
    {
        try
        {
            var info = (JsonTypeInfo<T>)_json!.GetTypeInfo(typeof(T));
            _buffer ??= new ArrayBufferWriter<byte>(256);
            _buffer.ResetWrittenCount();
            if (_writer is null)
            {
                _writer = new Utf8JsonWriter(_buffer);
            }
            else
            {
                _writer.Reset(_buffer);
            }

            JsonSerializer.Serialize(_writer, value, info);
            _writer.Flush();
            var written = _buffer.WrittenSpan;
            bytes = written.Length;

            // Twice the limit is kept, so a secret that straddles the limit is still whole when the instance redacts it.
            var keep = (int)Math.Min(written.Length, 2L * _payloadLimit);
            while (keep > 0 && keep < written.Length && (written[keep] & 0xC0) == 0x80)
            {
                keep--;
            }

            return Encoding.UTF8.GetString(written[..keep]);
        }
#pragma warning disable CA1031 // A payload that cannot be written as JSON is left out of the journal; the step still runs.
        catch (Exception)
#pragma warning restore CA1031
        {
            _writer = null;
            bytes = 0;
            return null;
        }
    }
}
