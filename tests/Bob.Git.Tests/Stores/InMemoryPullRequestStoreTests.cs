using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The pull request store contract, against the in-memory store the package's service tests use.</summary>
public sealed class InMemoryPullRequestStoreTests : PullRequestStoreContract
{
    private readonly InMemoryRepositoryStore _repositories = new();
    private readonly InMemorySessionStore _sessions = new();
    private readonly InMemoryPullRequestStore _store;

    public InMemoryPullRequestStoreTests() => _store = new(_repositories, _sessions, [Observer]);

    protected override IPullRequestStore Store => _store;

    protected override IRepositoryStore Repositories => _repositories;

    protected override ISessionStore Sessions => _sessions;

    protected override ISessionEventStream Events => _sessions;

    protected override Task<Guid> UserAsync() => Task.FromResult(Guid.NewGuid());

    protected override Task<IReadOnlyList<string>> ObserverRowsAsync(Guid pullRequestId) =>
        Task.FromResult<IReadOnlyList<string>>([.. _store.Outbox.Where(m => m.Source == ObserverSource && m.DeliveryId.StartsWith(pullRequestId.ToString(), StringComparison.Ordinal)).Select(m => m.DeliveryId)]);
}
