namespace Bob.Git;

/// <summary>The backfill sync (plan 3.4; configuration section <c>GitSync</c>).</summary>
public sealed class GitSyncOptions
{
    /// <summary>Whether the hosted service syncs on <see cref="Interval"/>; the cron route works either way. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the hosted service syncs; default 10 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many repositories one host syncs at once; default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Repositories registered or changed this recently are synced even with no open pull request stored; default 7 days.</summary>
    public TimeSpan RecentActivity { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a host holds one repository's sync lease; a crashed host's lease runs out after it. Default 5 minutes.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
}
