namespace Bob.Webhooks;

/// <summary>The request headers each webhook source sends, as the providers document them (plan 3.2) and SPEC §5 fixes for Kanbanger.</summary>
internal static class WebhookHeaders
{
    /// <summary>GitHub's event name, such as <c>pull_request</c>.</summary>
    public const string GitHubEvent = "X-GitHub-Event";

    /// <summary>GitHub's unique delivery GUID (kept on redelivery).</summary>
    public const string GitHubDelivery = "X-GitHub-Delivery";

    /// <summary>The id of the GitHub webhook that sent the delivery.</summary>
    public const string GitHubHookId = "X-GitHub-Hook-ID";

    /// <summary><c>sha256=</c> + hex HMAC-SHA256 of the raw body.</summary>
    public const string GitHubSignature256 = "X-Hub-Signature-256";

    /// <summary>The legacy SHA-1 signature, which is refused on its own.</summary>
    public const string GitHubSignatureSha1 = "X-Hub-Signature";

    /// <summary>GitLab's event name, such as <c>Merge Request Hook</c>.</summary>
    public const string GitLabEvent = "X-Gitlab-Event";

    /// <summary>GitLab's shared secret token, compared in constant time.</summary>
    public const string GitLabToken = "X-Gitlab-Token";

    /// <summary>GitLab's per-event UUID.</summary>
    public const string GitLabEventUuid = "X-Gitlab-Event-UUID";

    /// <summary>GitLab's delivery key, kept across retries of one delivery.</summary>
    public const string GitLabIdempotencyKey = "Idempotency-Key";

    /// <summary>Standard Webhooks message id (GitLab signing tokens).</summary>
    public const string StandardWebhookId = "webhook-id";

    /// <summary>Standard Webhooks Unix timestamp.</summary>
    public const string StandardWebhookTimestamp = "webhook-timestamp";

    /// <summary>Standard Webhooks signatures: <c>v1,&lt;base64&gt;</c>, space-separated.</summary>
    public const string StandardWebhookSignature = "webhook-signature";

    /// <summary>Gitea's event name, such as <c>pull_request</c>.</summary>
    public const string GiteaEvent = "X-Gitea-Event";

    /// <summary>Gitea's delivery UUID (a manual redelivery gets a new one).</summary>
    public const string GiteaDelivery = "X-Gitea-Delivery";

    /// <summary>Bare hex HMAC-SHA256 of the raw body.</summary>
    public const string GiteaSignature = "X-Gitea-Signature";

    /// <summary>Kanbanger's event name: <c>task.assigned</c> or <c>comment.created</c>.</summary>
    public const string KanbangerEvent = "X-Kanbanger-Event";

    /// <summary>Kanbanger's unique delivery id.</summary>
    public const string KanbangerDelivery = "X-Kanbanger-Delivery";

    /// <summary>Kanbanger's Unix timestamp in seconds; more than 300 s from now is refused.</summary>
    public const string KanbangerTimestamp = "X-Kanbanger-Timestamp";

    /// <summary><c>sha256=</c> + lowercase hex HMAC-SHA256(secret, <c>{timestamp}.{raw body}</c>).</summary>
    public const string KanbangerSignature = "X-Kanbanger-Signature";
}
