using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bob.Git.Abstractions;
using Bob.Webhooks;

namespace Bob.Git;

/// <summary>
/// The review loop's outbox (issue 20): an outbox webhook source (<see cref="WebhookSourceDefinition.ForOutbox"/>) whose
/// rows are written in the transaction of what causes them and performed by <see cref="PullRequestFeedbackOutboxProcessor"/>
/// under the webhook worker's claims, retries and dead letters. Each row's delivery id is its dedupe key.
/// </summary>
/// <remarks>
/// Rows:
/// <list type="bullet">
/// <item><c>review.acknowledge</c> (<c>ack:{pullRequestId}:{commentId}</c>), written with the session event of a trusted
/// reviewer's comment: the 👀 on the provider (<see cref="IGitProviderClient.AcknowledgeCommentAsync"/>), once per comment.</item>
/// <item><c>review.reply</c> (<c>reply:{replyId}</c>), written with the stored reply of <see cref="PullRequestReplyService"/>:
/// posts it (<see cref="IGitProviderClient.ReplyAsync"/>), records the provider's comment id, and resolves the thread when
/// asked.</item>
/// </list>
/// </remarks>
public static class PullRequestFeedbackOutbox
{
    /// <summary>The outbox source's wire name: <c>reviews</c>.</summary>
    public const string SourceName = "reviews";

    /// <summary>Acknowledge a trusted reviewer's comment with 👀.</summary>
    public const string AcknowledgeEvent = "review.acknowledge";

    /// <summary>Post a reply.</summary>
    public const string ReplyEvent = "review.reply";

    /// <summary>The source's definition (registered by <c>AddBobGit</c>).</summary>
    public static WebhookSourceDefinition Definition { get; } = WebhookSourceDefinition.ForOutbox(
        SourceName, "Review loop outbox", services => (PullRequestFeedbackOutboxProcessor)services.GetService(typeof(PullRequestFeedbackOutboxProcessor))!);

    internal static OutboxMessage Acknowledge(AcknowledgePayload payload) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"ack:{payload.PullRequestId:N}:{payload.CommentId}"), AcknowledgeEvent, payload, Json.AcknowledgePayload);

    internal static OutboxMessage Reply(ReplyPayload payload) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"reply:{payload.ReplyId:N}"), ReplyEvent, payload, Json.ReplyPayload);

    internal static PullRequestFeedbackOutboxJsonContext Json => PullRequestFeedbackOutboxJsonContext.Default;

    private static OutboxMessage Message<T>(string deliveryId, string eventType, T payload, JsonTypeInfo<T> type) =>
        OutboxMessage.Of(SourceName, deliveryId, eventType, payload, type);
}

/// <summary>A <see cref="PullRequestFeedbackOutbox.AcknowledgeEvent"/> row.</summary>
internal sealed record AcknowledgePayload(Guid UserId, Guid RepositoryId, Guid PullRequestId, int Number, string CommentId, string Kind);

/// <summary>A <see cref="PullRequestFeedbackOutbox.ReplyEvent"/> row.</summary>
internal sealed record ReplyPayload(Guid ReplyId, Guid UserId, Guid PullRequestId);

/// <summary>The rows' JSON (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AcknowledgePayload))]
[JsonSerializable(typeof(ReplyPayload))]
internal sealed partial class PullRequestFeedbackOutboxJsonContext : JsonSerializerContext;
