namespace Bob.Git;

/// <summary>The backfill sync (plan 3.4; configuration section <c>GitSync</c>).</summary>
public sealed class GitSyncOptions
{
    /// <summary>
    /// How often, in seconds, the hosted service syncs (<c>GitSync__IntervalSeconds</c>); default 300. 0 turns the hosted
    /// service off; the cron route works either way.
    /// </summary>
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>How many repositories one host syncs at once; default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Repositories registered or changed this recently are synced even with no open pull request stored; default 7 days.</summary>
    public TimeSpan RecentActivity { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a host holds one repository's sync lease; a crashed host's lease runs out after it. Default 5 minutes.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An instance whose API says it has this many requests or fewer left before its reset is left alone until the reset
    /// (the webhooks and the users' own requests keep the rest); default 100.
    /// </summary>
    public long MinRemainingRequests { get; set; } = 100;
}
