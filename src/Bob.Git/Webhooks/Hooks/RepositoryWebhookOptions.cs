namespace Bob.Git;

/// <summary>How Bob manages repository hooks (issue 23).</summary>
public sealed class RepositoryWebhookOptions
{
    /// <summary>
    /// The host's public URL (<c>Host:PublicBaseUrl</c>), which hooks deliver to (<c>{PublicBaseUrl}/api/webhooks/{provider}</c>).
    /// Without it Bob makes no hooks: every repository's webhook is manual.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a rotated hook secret is still accepted (<c>Webhooks:SecretGraceMinutes</c>, default 60 minutes).</summary>
    public TimeSpan SecretGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the repair round looks at a hook on the provider at most (default 4 minutes).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// The repair round leaves an instance's hooks alone while its API says it has this many requests or fewer left (default
    /// 100, as the backfill does).
    /// </summary>
    public long MinRemainingRequests { get; set; } = 100;

    /// <summary>How many pages of a hook's delivery log a round reads at most when it has read none before (default 10).</summary>
    public int MaxDeliveryLogPages { get; set; } = 10;
}
