using System.Text.Json.Serialization;

namespace Bob.Git.Abstractions;

/// <summary>The session events' payloads as JSON (camelCase), written only through <see cref="SessionEventPayloads"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PullRequestLinkedEvent))]
[JsonSerializable(typeof(PullRequestChangedEvent))]
[JsonSerializable(typeof(TaskUpdatedEvent))]
[JsonSerializable(typeof(TaskCreatedEvent))]
[JsonSerializable(typeof(TaskSkippedEvent))]
[JsonSerializable(typeof(ReplyReceivedEvent))]
[JsonSerializable(typeof(ReviewSubmittedEvent))]
[JsonSerializable(typeof(ReviewCommentEvent))]
[JsonSerializable(typeof(ReviewThreadResolvedEvent))]
[JsonSerializable(typeof(ChecksUpdatedEvent))]
internal sealed partial class SessionEventJsonContext : JsonSerializerContext;
