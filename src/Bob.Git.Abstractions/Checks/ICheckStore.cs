namespace Bob.Git.Abstractions;

/// <summary>
/// CI checks per remote and head sha (issue 21). Reports of a check arrive in any order and more than once: the store
/// keeps the one that <see cref="CheckReport.Supersedes"/> the others, and keeps each head's rolled-up state
/// (<see cref="CheckReport.RollUp"/>) with the names of what fails.
/// </summary>
public interface ICheckStore
{
    /// <summary>
    /// Applies a report to its check on <paramref name="remote"/>, then rolls the head up again. Returns the head's state after
    /// it and whether this call changed it. Only the check's own row is locked while it is written; the head's state is
    /// recomputed under its own row's lock, after that write.
    /// </summary>
    Task<CheckHeadState> ApplyAsync(RemoteRepositoryIdentity remote, CheckReport check, CancellationToken cancellationToken = default);

    /// <summary>The checks kept for <paramref name="headSha"/>, by kind and name.</summary>
    Task<IReadOnlyList<CheckReport>> ListAsync(RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken = default);
}

/// <summary>A head's rolled-up checks.</summary>
/// <param name="HeadSha">The commit.</param>
/// <param name="State">Pending, success or failure.</param>
/// <param name="Failing">The names of the failing checks (with a pipeline's failed jobs), sorted.</param>
/// <param name="Changed">Whether the call that answered this changed the state (or the failing names).</param>
public sealed record CheckHeadState(string HeadSha, CheckState State, IReadOnlyList<string> Failing, bool Changed)
{
    /// <summary>
    /// How many times the head's state (or its failing names) changed, also back to a state it had before (green for a
    /// moment, pending, green again): 0 while it has never left pending.
    /// </summary>
    public int Version { get; init; }

    /// <summary>The state and failing names of <paramref name="checks"/> (each failing check's name, or its failed parts when it names them).</summary>
    public static (CheckState State, IReadOnlyList<string> Failing) Of(IEnumerable<CheckReport> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = checks.ToList();
        IReadOnlyList<string> failing = [.. all.Where(c => c.IsFailing).SelectMany(c => c.FailedParts.Count > 0 ? c.FailedParts.Select(p => $"{c.Name}: {p}") : [c.Name]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return (CheckReport.RollUp(all), failing);
    }
}
