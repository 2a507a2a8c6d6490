using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bob.Tasks;

/// <summary>
/// The package's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <see cref="Name"/>. Instruments:
/// <c>bob.tasks.runs.prepared</c> (counter; tag <c>bob.task_run.outcome</c> = started or failed) and
/// <c>bob.tasks.comments</c> (counter; tag <c>bob.task_run.outcome</c> = sent, retry or refused), <c>bob.tasks.pushes</c>
/// (counter: devices a milestone's push was accepted for), <c>bob.tasks.feedback</c> (counter; tag <c>bob.feedback.kind</c> =
/// review or comment: trusted reviewers' feedback handed to agents). Activity:
/// <c>bob.tasks.assign</c>. Tags never carry ids, titles or tokens.
/// </summary>
public sealed class TaskRunsTelemetry : IDisposable
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Bob.Tasks";

    private readonly Counter<long> _prepared;
    private readonly Counter<long> _comments;
    private readonly Counter<long> _pushes;
    private readonly Counter<long> _feedback;

    /// <summary>Creates the instruments through <paramref name="meterFactory"/> (the host's, so its collectors and tests see them).</summary>
    public TaskRunsTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(Name);
        _prepared = Meter.CreateCounter<long>("bob.tasks.runs.prepared", "{run}", "Task runs prepared from task.assigned, by outcome (started, failed).");
        _comments = Meter.CreateCounter<long>("bob.tasks.comments", "{comment}", "Tracker comments sent from the outbox, by outcome (sent, retry, refused).");
        _pushes = Meter.CreateCounter<long>("bob.tasks.pushes", "{device}", "Devices a milestone's push notification was accepted for by Expo.");
        _feedback = Meter.CreateCounter<long>("bob.tasks.feedback", "{feedback}", "Trusted reviewers' reviews and comments handed to task runs' agents, by kind.");
    }

    /// <summary>The activity source of task-run preparation.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    internal Meter Meter { get; }

    internal void Prepared(string outcome) => _prepared.Add(1, new TagList { { "bob.task_run.outcome", outcome } });

    internal void CommentSent(string outcome) => _comments.Add(1, new TagList { { "bob.task_run.outcome", outcome } });

    internal void PushSent(int devices) => _pushes.Add(devices);

    internal void FeedbackHandedOver(string kind) => _feedback.Add(1, new TagList { { "bob.feedback.kind", kind } });

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
