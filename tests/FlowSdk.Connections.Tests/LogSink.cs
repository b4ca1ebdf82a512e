using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Connections.Tests;

/// <summary>Keeps every formatted log line (with its exception), so a test can check that no token reached a log.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._lines.Enqueue($"{category} {eventId.Id} {formatter(state, exception)} {exception}");
    }
}
