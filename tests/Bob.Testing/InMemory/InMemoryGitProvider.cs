using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// A forge in memory behind <see cref="IGitProviderClient"/> and <see cref="IGitAccessTokenProvider"/>, for service tests
/// that do not test a provider's HTTP: it keeps pull requests and their commits, refuses a second open pull request of a
/// head as GitHub does (422, <see cref="BobErrorKind.Rejected"/>), refuses changes to a merged one, moves its clock a
/// minute per change, and counts the calls. <see cref="CreateTimesOut"/> makes the next create succeed on the forge but
/// fail here, as a lost answer does. Thread-safe.
/// </summary>
public sealed class InMemoryGitProvider(GitInstance? instance = null) : IGitProviderClient, IGitAccessTokenProvider
{
    private readonly Lock _gate = new();
    private readonly List<PullRequestInfo> _pullRequests = [];
    private readonly Dictionary<int, List<CommitInfo>> _commits = [];
    private DateTimeOffset _now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public GitInstance Instance { get; } = instance ?? GitInstance.GitHubCom;

    /// <summary>How many pull requests were created on the forge.</summary>
    public int Creates { get; private set; }

    /// <summary>The connections clients were asked for, in order.</summary>
    public List<(Guid User, Guid Connection)> ClientsCreated { get; } = [];

    /// <summary>How many times open pull requests were listed.</summary>
    public int Lists { get; private set; }

    /// <summary>When set, listing answers "rate limited" until this time.</summary>
    public DateTimeOffset? RateLimitedUntil { get; set; }

    /// <summary>Changes pull request <paramref name="number"/> on the forge (a change whose webhook was lost).</summary>
    public void Change(RemoteRepositoryIdentity repository, int number, Func<PullRequestInfo, PullRequestInfo> change)
    {
        lock (_gate)
        {
            var (index, info) = Find(repository, number);
            _pullRequests[index] = change(info) with { UpdatedAt = Tick() };
        }
    }

    /// <summary>When set, the next create is made on the forge and its answer lost (a timeout).</summary>
    public bool CreateTimesOut { get; set; }

    /// <summary>The pull requests on the forge.</summary>
    public IReadOnlyList<PullRequestInfo> PullRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _pullRequests];
            }
        }
    }

    /// <summary>Adds commits to pull request <paramref name="number"/>.</summary>
    public void AddCommits(int number, params CommitInfo[] commits)
    {
        lock (_gate)
        {
            (_commits.TryGetValue(number, out var list) ? list : _commits[number] = []).AddRange(commits);
        }
    }

    /// <inheritdoc />
    public Task<string> GetAccessTokenAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default) =>
        Task.FromResult($"token-for-{connectionId:N}");

    /// <inheritdoc />
    public Task<string> GetUserAccessTokenAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default) =>
        Task.FromResult($"token-for-{connectionId:N}");

    /// <inheritdoc />
    public Task<IGitProviderClient> CreateClientAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ClientsCreated.Add((userId, connectionId));
        }

        return Task.FromResult<IGitProviderClient>(this);
    }

    /// <summary>The logins that may write to every repository of this forge.</summary>
    public HashSet<string> Writers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many times a permission was asked.</summary>
    public int PermissionChecks { get; private set; }

    /// <inheritdoc />
    public Task<bool> CanWriteAsync(RemoteRepositoryIdentity repository, string login, string? accountId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            PermissionChecks++;
            return Task.FromResult(Writers.Contains(login));
        }
    }

    /// <summary>Every 👀 asked for: (pull request number, comment id, kind), in order (a repeat is recorded again, as the provider would be asked again).</summary>
    public List<(int Number, string CommentId, CommentKind Kind)> Acknowledged { get; } = [];

    /// <summary>Every reply posted: (pull request number, target, body, the new comment's id), in order.</summary>
    public List<(int Number, CommentReplyTarget Target, string Body, string PostedId)> Replies { get; } = [];

    /// <summary>Every thread resolved: (pull request number, target), in order.</summary>
    public List<(int Number, CommentReplyTarget Target)> ResolvedThreads { get; } = [];

    /// <summary>The reviews and comments the forge holds per pull request number (what <see cref="ListFeedbackAsync"/> answers).</summary>
    public Dictionary<int, List<PullRequestFeedback>> Feedback { get; } = [];

    /// <summary>How many times the feedback of a pull request was listed.</summary>
    public int FeedbackLists { get; private set; }

    /// <inheritdoc />
    public Task<IReadOnlyList<PullRequestFeedback>> ListFeedbackAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            FeedbackLists++;
            return Task.FromResult<IReadOnlyList<PullRequestFeedback>>(Feedback.TryGetValue(number, out var items) ? [.. items] : []);
        }
    }

    /// <summary>When set, acknowledging a comment throws it (a deleted comment is a <see cref="GitProviderException"/> of kind NotFound).</summary>
    public Exception? AcknowledgeFailure { get; set; }

    /// <summary>The checks the forge holds per commit (what <see cref="ListChecksAsync"/> answers).</summary>
    public Dictionary<string, List<CheckReport>> Checks { get; } = [];

    /// <inheritdoc />
    public Task<IReadOnlyList<CheckReport>> ListChecksAsync(RemoteRepositoryIdentity repository, string headSha, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CheckReport>>(Checks.TryGetValue(headSha, out var held) ? [.. held] : []);
        }
    }

    /// <inheritdoc />
    public Task AcknowledgeCommentAsync(RemoteRepositoryIdentity repository, int number, string commentId, CommentKind kind, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (AcknowledgeFailure is { } failure)
            {
                return Task.FromException(failure);
            }

            Acknowledged.Add((number, commentId, kind));
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<PostedComment> ReplyAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, string body, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var id = (9000 + Replies.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Replies.Add((number, target, body, id));
            if (!Feedback.TryGetValue(number, out var held))
            {
                Feedback[number] = held = [];
            }

            held.Add(new CommentFeedback(id, PullRequestFeedback.Created, target.Kind, "bob", "1", body, "", null, null, target.CommentId, target.ThreadId, null, _now, _now));
            return Task.FromResult(new PostedComment(id, $"{repository.WebUrl}/pulls/{number}#issuecomment-{id}"));
        }
    }

    /// <inheritdoc />
    public Task<bool> ResolveThreadAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ResolvedThreads.Add((number, target));
            return Task.FromResult(target.ThreadId is not null);
        }
    }

    /// <inheritdoc />
    public Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new ProviderUser("1", "ana", "Ana", ["repo"]));

    /// <inheritdoc />
    public Task<string> GetDefaultBranchAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default) => Task.FromResult("main");

    /// <inheritdoc />
    public Task<PullRequestInfo?> FindOpenPullRequestAsync(RemoteRepositoryIdentity repository, string headBranch, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_pullRequests.LastOrDefault(p => p.Repository.Equals(repository) && p.HeadBranch == headBranch && p.Status is PullRequestStatus.Open or PullRequestStatus.Draft));
        }
    }

    /// <inheritdoc />
    public Task<PullRequestInfo> CreatePullRequestAsync(RemoteRepositoryIdentity repository, CreatePullRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_pullRequests.Any(p => p.Repository.Equals(repository) && p.HeadBranch == request.HeadBranch && p.Status is PullRequestStatus.Open or PullRequestStatus.Draft))
            {
                throw new GitProviderException(BobErrorKind.Rejected, $"A pull request already exists for {repository.Owner}:{request.HeadBranch}.", repository.Provider, System.Net.HttpStatusCode.UnprocessableEntity);
            }

            var number = _pullRequests.Count(p => p.Repository.Equals(repository)) + 1;
            var info = new PullRequestInfo(repository, number, request.Title, request.Body, request.HeadBranch, request.BaseBranch, new string('a', 40),
                request.Draft ? PullRequestStatus.Draft : PullRequestStatus.Open, $"{repository.WebUrl}/pull/{number}", Tick(), null);
            _pullRequests.Add(info);
            Creates++;
            if (CreateTimesOut)
            {
                CreateTimesOut = false;
                throw new GitProviderException(BobErrorKind.Unavailable, "GitHub did not answer in time.", repository.Provider);
            }

            return Task.FromResult(info);
        }
    }

    /// <inheritdoc />
    public Task<PullRequestInfo> GetPullRequestAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(repository, number).Info);

    /// <inheritdoc />
    public Task<PullRequestInfo> UpdatePullRequestAsync(RemoteRepositoryIdentity repository, int number, UpdatePullRequest update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            var (index, info) = Find(repository, number);
            var status = update.Closed switch
            {
                true => PullRequestStatus.Closed,
                false when info.Status == PullRequestStatus.Closed => PullRequestStatus.Open,
                _ => info.Status,
            };
            if (update.Draft is { } draft && status is PullRequestStatus.Open or PullRequestStatus.Draft)
            {
                status = draft ? PullRequestStatus.Draft : PullRequestStatus.Open;
            }

            var changed = info with { Title = update.Title ?? info.Title, Body = update.Body ?? info.Body, Status = status, UpdatedAt = Tick() };
            _pullRequests[index] = changed;
            return Task.FromResult(changed);
        }
    }

    /// <inheritdoc />
    public Task<PullRequestInfo> MergePullRequestAsync(RemoteRepositoryIdentity repository, int number, MergeMethod method, string? expectedHeadSha = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (index, info) = Find(repository, number);
            if (info.Status is not PullRequestStatus.Open)
            {
                throw new GitProviderException(BobErrorKind.Rejected, $"Pull request #{number} is not mergeable ({info.Status.ToWireName()}).", repository.Provider, System.Net.HttpStatusCode.MethodNotAllowed);
            }

            if (expectedHeadSha is not null && expectedHeadSha != info.HeadSha)
            {
                throw new GitProviderException(BobErrorKind.Conflict, "Head branch was modified. Review and try the merge again.", repository.Provider, System.Net.HttpStatusCode.Conflict);
            }

            var now = Tick();
            var merged = info with { Status = PullRequestStatus.Merged, UpdatedAt = now, MergedAt = now };
            _pullRequests[index] = merged;
            return Task.FromResult(merged);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommitInfo>> ListPullRequestCommitsAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _ = Find(repository, number);
            return Task.FromResult<IReadOnlyList<CommitInfo>>(_commits.TryGetValue(number, out var list) ? [.. list] : []);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PullRequestInfo>> ListOpenPullRequestsAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Lists++;
            if (RateLimitedUntil is { } until)
            {
                throw new GitProviderException(BobErrorKind.RateLimited, "API rate limit exceeded.", repository.Provider, System.Net.HttpStatusCode.Forbidden) { ResetAt = until };
            }

            return Task.FromResult<IReadOnlyList<PullRequestInfo>>([.. _pullRequests.Where(p => p.Repository.Equals(repository) && p.Status is PullRequestStatus.Open or PullRequestStatus.Draft)]);
        }
    }

    private (int Index, PullRequestInfo Info) Find(RemoteRepositoryIdentity repository, int number)
    {
        lock (_gate)
        {
            var index = _pullRequests.FindIndex(p => p.Repository.Equals(repository) && p.Number == number);
            return index >= 0 ? (index, _pullRequests[index]) : throw new GitProviderException(BobErrorKind.NotFound, $"Pull request #{number} was not found.", repository.Provider, System.Net.HttpStatusCode.NotFound);
        }
    }

    private DateTimeOffset Tick() => _now = _now.AddMinutes(1);
}
