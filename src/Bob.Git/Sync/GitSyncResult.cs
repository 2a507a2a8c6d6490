namespace Bob.Git;

/// <summary>What one sync round did.</summary>
/// <param name="Repositories">Repositories synced by this host in this round.</param>
/// <param name="Updated">Pull requests inserted or changed.</param>
/// <param name="NotModified">Repositories in which nothing had changed (for GitHub, lists answered 304 from the ETag cache).</param>
/// <param name="Failed">Repositories whose sync failed (logged; retried next round).</param>
public sealed record GitSyncResult(int Repositories, int Updated, int NotModified, int Failed)
{
    /// <summary>Reviews and comments of sessions' open pull requests that the backfill found and no delivery had brought.</summary>
    public int FeedbackFound { get; init; }

    /// <summary>What the hooks' repair round did (issue 23), or <see langword="null"/> when it did not run.</summary>
    public RepositoryWebhookRepairResult? Webhooks { get; init; }
}
