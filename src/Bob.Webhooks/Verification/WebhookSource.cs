namespace Bob.Webhooks;

/// <summary>Who sends webhooks to the suite. The wire names (<c>github</c>, ...) are the routes and the <c>webhook_deliveries.provider</c> values.</summary>
public enum WebhookSource
{
    /// <summary>GitHub and GitHub Enterprise Server.</summary>
    GitHub = 1,

    /// <summary>GitLab.</summary>
    GitLab = 2,

    /// <summary>Gitea and Forgejo.</summary>
    Gitea = 3,

    /// <summary>The Kanbanger tracker (SPEC §5).</summary>
    Kanbanger = 4,
}
