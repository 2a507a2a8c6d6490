using System.Text.Json;

namespace Bob.Git.Abstractions;

/// <summary>
/// The one way a session event's payload becomes JSON (camelCase, source-generated): each of <see cref="SessionEventKinds"/>'
/// payload records as the <see cref="JsonElement"/> that <see cref="ISessionEventStream"/> and the stores append.
/// </summary>
public static class SessionEventPayloads
{
    /// <summary>The payload of <see cref="SessionEventKinds.PullRequestCreated"/>.</summary>
    public static JsonElement ToElement(PullRequestLinkedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.PullRequestLinkedEvent);

    /// <summary>The payload of <see cref="SessionEventKinds.PullRequestUpdated"/>, <see cref="SessionEventKinds.PullRequestMerged"/> and <see cref="SessionEventKinds.PullRequestClosed"/>.</summary>
    public static JsonElement ToElement(PullRequestChangedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.PullRequestChangedEvent);

    /// <summary>The payload of <see cref="SessionEventKinds.TaskUpdated"/>.</summary>
    public static JsonElement ToElement(TaskUpdatedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.TaskUpdatedEvent);

    /// <summary>The payload of <see cref="SessionEventKinds.TaskCreated"/>.</summary>
    public static JsonElement ToElement(TaskCreatedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.TaskCreatedEvent);

    /// <summary>The payload of <see cref="SessionEventKinds.TaskSkipped"/>.</summary>
    public static JsonElement ToElement(TaskSkippedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.TaskSkippedEvent);

    /// <summary>The payload of <see cref="SessionEventKinds.ReplyReceived"/>.</summary>
    public static JsonElement ToElement(ReplyReceivedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.ReplyReceivedEvent);

    /// <summary>The payload of a <see cref="SessionEventKinds.ReviewSubmitted"/> event.</summary>
    public static JsonElement ToElement(ReviewSubmittedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.ReviewSubmittedEvent);

    /// <summary>The payload of a <see cref="SessionEventKinds.ReviewComment"/> event.</summary>
    public static JsonElement ToElement(ReviewCommentEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.ReviewCommentEvent);

    /// <summary>The payload of a <see cref="SessionEventKinds.ReviewThreadResolved"/> event.</summary>
    public static JsonElement ToElement(ReviewThreadResolvedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.ReviewThreadResolvedEvent);

    /// <summary>A <see cref="SessionEventKinds.ChecksUpdated"/> payload.</summary>
    public static JsonElement ToElement(ChecksUpdatedEvent payload) => JsonSerializer.SerializeToElement(payload, SessionEventJsonContext.Default.ChecksUpdatedEvent);
}
