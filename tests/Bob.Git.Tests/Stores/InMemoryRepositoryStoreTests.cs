using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The repository store contract, against the in-memory store the package's service tests use.</summary>
public sealed class InMemoryRepositoryStoreTests : RepositoryStoreContract
{
    private readonly InMemoryRepositoryStore _store = new();

    protected override IRepositoryStore Store => _store;

    protected override Task<Guid> UserAsync() => Task.FromResult(Guid.NewGuid());

    protected override Task<Guid> ConnectionAsync(Guid userId) => Task.FromResult(_store.AddConnection(userId));
}
