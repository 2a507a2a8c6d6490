using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The sync store contract, against the in-memory store.</summary>
public sealed class InMemoryGitSyncStoreTests : GitSyncStoreContract
{
    private readonly InMemoryRepositoryStore _repositories = new();
    private readonly InMemoryPullRequestStore _pullRequests;
    private readonly InMemoryGitSyncStore _store;

    public InMemoryGitSyncStoreTests()
    {
        _pullRequests = new(_repositories, new InMemorySessionStore());
        _store = new(_repositories, _pullRequests);
    }

    protected override IGitSyncStore Store => _store;

    protected override IRepositoryStore Repositories => _repositories;

    protected override IPullRequestStore PullRequests => _pullRequests;

    protected override Task<Guid> UserAsync() => Task.FromResult(Guid.NewGuid());

    protected override Task<Guid> ConnectionAsync(Guid userId) => Task.FromResult(_repositories.AddConnection(userId));

    protected override Task DisableAsync(Guid userId, Guid connectionId)
    {
        _store.DisableConnection(connectionId);
        return Task.CompletedTask;
    }
}
