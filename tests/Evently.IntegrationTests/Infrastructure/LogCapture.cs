using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// A logger provider that keeps every line it is given: the formatted message, every structured value (also those the
/// message template does not show), the scopes around it and the exception, as a log sink would store them.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Every captured line.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Sink(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            AppendValues(line, state);
            capture._scopes.ForEachScope((scope, text) => AppendValues(text.Append(" | scope "), scope), line);
            if (exception is not null)
            {
                line.Append(" | ").Append(exception);
            }

            capture.Lines.Enqueue(line.ToString());
        }

        private static void AppendValues(StringBuilder line, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(' ').Append(key).Append('=').Append(value);
                }
            }
            else
            {
                line.Append(' ').Append(state);
            }
        }
    }
}
