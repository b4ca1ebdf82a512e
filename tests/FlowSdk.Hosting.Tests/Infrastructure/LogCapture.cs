using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting.Tests;

/// <summary>A logger provider that records messages and signals when one containing a text appears.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Probe _probe = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    /// <summary>Completes when at least <paramref name="count"/> messages containing <paramref name="text"/> were logged.</summary>
    public async Task WhenLogged(string text, int count = 1)
    {
        var deadline = DateTime.UtcNow + Probe.Timeout;
        while (true)
        {
            // Read before counting, so a message logged while counting still ends the wait below.
            var seen = _probe.Count;
            if (_lines.Count(l => l.Contains(text, StringComparison.Ordinal)) >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' was not logged {count} time(s).");
            }

            await _probe.WhenCount(seen + 1);
        }
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._lines.Enqueue(formatter(state, exception));
            owner._probe.Record(eventId);
        }
    }
}
