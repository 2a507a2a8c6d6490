using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The session store and event stream contract, against the in-memory store the package's service tests use.</summary>
public sealed class InMemorySessionStoreTests : SessionStoreContract
{
    private readonly InMemorySessionStore _store = new();

    protected override ISessionStore Sessions => _store;

    protected override ISessionEventStream Events => _store;

    protected override Task<Guid> UserAsync() => Task.FromResult(Guid.NewGuid());

    protected override Task<Guid> RepositoryAsync(Guid userId) => Task.FromResult(Guid.NewGuid());

    protected override Task<IReadOnlyList<string>> QueuedAsync(string source, string prefix) =>
        Task.FromResult<IReadOnlyList<string>>([.. _store.Outbox.Where(m => m.Source == source && m.DeliveryId.StartsWith(prefix, StringComparison.Ordinal)).Select(m => m.DeliveryId)]);
}
