using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="ICheckStore"/> in memory with the PostgreSQL store's contract (<see cref="CheckStoreContract"/> runs against
/// both): each check keeps the report that supersedes the others, and each head its rolled-up state. Thread-safe.
/// </summary>
public sealed class InMemoryCheckStore : ICheckStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Remote, string Sha, CheckKind Kind, string Name), CheckReport> _checks = [];
    private readonly Dictionary<(string Remote, string Sha), CheckHeadState> _heads = [];

    private static string Key(RemoteRepositoryIdentity remote) =>
        $"{remote.Provider}|{remote.InstanceUrl}|{remote.Owner.ToLowerInvariant()}|{remote.Name.ToLowerInvariant()}";

    /// <inheritdoc />
    public Task<CheckHeadState> ApplyAsync(RemoteRepositoryIdentity remote, CheckReport check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(check);
        lock (_gate)
        {
            var key = (Key(remote), check.HeadSha, check.Kind, check.Name);
            var head = _heads.GetValueOrDefault((key.Item1, check.HeadSha)) ?? new CheckHeadState(check.HeadSha, CheckState.Pending, [], false);
            if (_checks.TryGetValue(key, out var stored) && (!check.Supersedes(stored) || Same(check, stored)))
            {
                return Task.FromResult(head with { Changed = false });
            }

            _checks[key] = check;
            var (state, failing) = CheckHeadState.Of(_checks.Where(c => c.Key.Remote == key.Item1 && c.Key.Sha == check.HeadSha).Select(c => c.Value));
            var changed = state != head.State || !failing.SequenceEqual(head.Failing, StringComparer.Ordinal);
            var after = new CheckHeadState(check.HeadSha, state, failing, changed) { Version = head.Version + (changed ? 1 : 0) };
            _heads[(key.Item1, check.HeadSha)] = after;
            return Task.FromResult(after);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CheckReport>> ListAsync(RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CheckReport>>([.. _checks
                .Where(c => c.Key.Remote == Key(remote) && c.Key.Sha == headSha)
                .OrderBy(c => c.Key.Kind.ToWireName(), StringComparer.Ordinal).ThenBy(c => c.Key.Name, StringComparer.Ordinal)
                .Select(c => c.Value)]);
        }
    }

    private static bool Same(CheckReport a, CheckReport b) =>
        a with { FailedParts = [] } == b with { FailedParts = [] } && a.FailedParts.SequenceEqual(b.FailedParts, StringComparer.Ordinal);
}
