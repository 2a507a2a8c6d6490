using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IPullRequestFeedbackStore"/> in memory with the PostgreSQL store's contract
/// (<see cref="PullRequestFeedbackStoreContract"/> runs against both): each item keeps the report that
/// <see cref="PullRequestFeedback.Supersedes"/> the others; threads are resolved on their comments. Thread-safe.
/// </summary>
public sealed class InMemoryPullRequestFeedbackStore : IPullRequestFeedbackStore
{
    private readonly Lock _gate = new();
    private readonly List<(RemoteRepositoryIdentity Remote, int Number, PullRequestFeedback Feedback)> _items = [];
    private readonly HashSet<string> _resolved = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> ApplyAsync(RemoteRepositoryIdentity remote, int number, PullRequestFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(feedback);
        lock (_gate)
        {
            if (feedback is ThreadFeedback thread)
            {
                var changed = false;
                foreach (var id in thread.CommentIds)
                {
                    changed |= thread.Resolved ? _resolved.Add(Key(remote, id)) : _resolved.Remove(Key(remote, id));
                }

                return Task.FromResult(changed);
            }

            var index = _items.FindIndex(i => InMemoryRepositoryStore.SameRemote(i.Remote, remote) && i.Feedback.GetType() == feedback.GetType() && i.Feedback.ProviderId == feedback.ProviderId);
            if (index >= 0)
            {
                if (!feedback.Supersedes(_items[index].Feedback) || _items[index].Feedback == feedback)
                {
                    return Task.FromResult(false);
                }

                _items[index] = (remote, _items[index].Number, feedback);
                return Task.FromResult(true);
            }

            _items.Add((remote, number, feedback));
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PullRequestFeedback>> ListAsync(RemoteRepositoryIdentity remote, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PullRequestFeedback>>([.. _items
                .Where(i => InMemoryRepositoryStore.SameRemote(i.Remote, remote) && i.Number == number && i.Feedback is not CommentFeedback { Deleted: true })
                .Select(i => i.Feedback is CommentFeedback comment ? comment with { Resolved = _resolved.Contains(Key(remote, comment.ThreadId ?? comment.ProviderId)) || _resolved.Contains(Key(remote, comment.ProviderId)) } : i.Feedback)
                .OrderBy(f => f switch { ReviewFeedback r => r.SubmittedAt, CommentFeedback c => c.CreatedAt, _ => null })
                .ThenBy(f => f.ProviderId, StringComparer.Ordinal)]);
        }
    }

    private static string Key(RemoteRepositoryIdentity remote, string id) =>
        $"{remote.Provider}|{remote.InstanceUrl}|{remote.Owner.ToLowerInvariant()}|{remote.Name.ToLowerInvariant()}|{id}";
}
