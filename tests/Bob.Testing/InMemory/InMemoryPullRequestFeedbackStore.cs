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
    private readonly List<PullRequestReply> _replies = [];
    private readonly List<OutboxMessage> _outbox = [];

    /// <summary>Every outbox row queued with a reply, in order.</summary>
    public IReadOnlyList<OutboxMessage> Outbox
    {
        get
        {
            lock (_gate)
            {
                return [.. _outbox];
            }
        }
    }

    /// <inheritdoc />
    public Task<(PullRequestReply Reply, bool Created)> AddReplyAsync(PullRequestReply reply, OutboxMessage post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(post);
        lock (_gate)
        {
            if (_replies.Find(r => r.PullRequestId == reply.PullRequestId && r.ClientInputId == reply.ClientInputId) is { } first)
            {
                return Task.FromResult((first, false));
            }

            var stored = reply with { CreatedAt = InMemoryClock.Next(null), ProviderCommentId = null, Url = null, PostedAt = null };
            _replies.Add(stored);
            _outbox.Add(post);
            return Task.FromResult((stored, true));
        }
    }

    /// <inheritdoc />
    public Task<PullRequestReply?> GetReplyAsync(Guid replyId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_replies.Find(r => r.Id == replyId));
        }
    }

    /// <inheritdoc />
    public Task MarkReplyPostedAsync(Guid replyId, string providerCommentId, string url, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerCommentId);
        lock (_gate)
        {
            var index = _replies.FindIndex(r => r.Id == replyId);
            if (index >= 0 && _replies[index].ProviderCommentId is null)
            {
                _replies[index] = _replies[index] with { ProviderCommentId = providerCommentId, Url = url ?? "", PostedAt = DateTimeOffset.UtcNow };
            }

            return Task.CompletedTask;
        }
    }

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
