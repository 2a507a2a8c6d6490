namespace Bob.Webhooks;

/// <summary>How each source names its event and its delivery id (plan 3.1, SPEC §3 and §5).</summary>
internal static class WebhookSourceDescriptor
{
    public static string EventHeader(WebhookSource source) => source switch
    {
        WebhookSource.GitHub => WebhookHeaders.GitHubEvent,
        WebhookSource.GitLab => WebhookHeaders.GitLabEvent,
        WebhookSource.Gitea => WebhookHeaders.GiteaEvent,
        _ => WebhookHeaders.KanbangerEvent,
    };

    /// <summary>The event name: the source's event header; for Gitea, Forgejo's own <c>X-Forgejo-Event</c> when <c>X-Gitea-Event</c> is absent.</summary>
    public static string? EventType(WebhookSource source, IWebhookHeaders headers) => source == WebhookSource.Gitea
        ? NonEmpty(headers.Get(WebhookHeaders.GiteaEvent)) ?? NonEmpty(headers.Get("X-Forgejo-Event"))
        : headers.Get(EventHeader(source));

    /// <summary>
    /// GitHub: <c>X-GitHub-Delivery</c>; GitLab: <c>Idempotency-Key</c> (kept across retries), else <c>X-Gitlab-Event-UUID</c>,
    /// else the Standard Webhooks <c>webhook-id</c>; Gitea: <c>X-Gitea-Delivery</c> (or Forgejo's); Kanbanger: <c>X-Kanbanger-Delivery</c>.
    /// </summary>
    public static string? DeliveryId(WebhookSource source, IWebhookHeaders headers) => source switch
    {
        WebhookSource.GitHub => headers.Get(WebhookHeaders.GitHubDelivery),
        WebhookSource.GitLab => NonEmpty(headers.Get(WebhookHeaders.GitLabIdempotencyKey))
            ?? NonEmpty(headers.Get(WebhookHeaders.GitLabEventUuid))
            ?? NonEmpty(headers.Get(WebhookHeaders.StandardWebhookId)),
        WebhookSource.Gitea => NonEmpty(headers.Get(WebhookHeaders.GiteaDelivery)) ?? NonEmpty(headers.Get("X-Forgejo-Delivery")),
        _ => headers.Get(WebhookHeaders.KanbangerDelivery),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
