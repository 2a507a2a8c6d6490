using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The connection store contract, against the in-memory store.</summary>
public sealed class InMemoryGitConnectionStoreTests : GitConnectionStoreContract
{
    protected override IGitConnectionStore Store { get; } = new InMemoryGitConnectionStore();

    protected override Task<Guid> UserAsync() => Task.FromResult(Guid.NewGuid());
}
