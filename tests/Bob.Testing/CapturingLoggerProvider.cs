using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bob.Testing;

/// <summary>Keeps every log line (message and exception text) at every level, so tests can assert what was and was not logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    /// <summary>Every line logged so far: category, level, message and any exception.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
