using System.Collections.Concurrent;
using Bob.Tasks;

namespace Bob.Testing;

/// <summary>An <see cref="ITaskAgent"/> that records what it was handed, for tests; <see cref="Failure"/> makes every call throw it.</summary>
public sealed class RecordingTaskAgent : ITaskAgent
{
    /// <summary>Every start, in order.</summary>
    public ConcurrentQueue<TaskAgentStart> Starts { get; } = new();

    /// <summary>Every reply, in order.</summary>
    public ConcurrentQueue<TaskAgentReply> Replies { get; } = new();

    /// <summary>Every review or comment handed over, in order.</summary>
    public ConcurrentQueue<TaskAgentFeedback> Feedback { get; } = new();

    /// <summary>Every cancel, in order.</summary>
    public ConcurrentQueue<TaskAgentCancel> Cancels { get; } = new();

    /// <summary>When set, every call throws it.</summary>
    public Exception? Failure { get; set; }

    /// <inheritdoc />
    public Task StartAsync(TaskAgentStart start, CancellationToken cancellationToken = default) => Record(Starts, start);

    /// <inheritdoc />
    public Task ReplyAsync(TaskAgentReply reply, CancellationToken cancellationToken = default) => Record(Replies, reply);

    /// <inheritdoc />
    public Task FeedbackAsync(TaskAgentFeedback feedback, CancellationToken cancellationToken = default) => Record(Feedback, feedback);

    /// <inheritdoc />
    public Task CancelAsync(TaskAgentCancel cancel, CancellationToken cancellationToken = default) => Record(Cancels, cancel);

    private Task Record<T>(ConcurrentQueue<T> queue, T item)
    {
        if (Failure is { } failure)
        {
            return Task.FromException(failure);
        }

        queue.Enqueue(item);
        return Task.CompletedTask;
    }
}
