using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The OAuth state store contract, against the in-memory store.</summary>
public sealed class InMemoryOAuthStateStoreTests : OAuthStateStoreContract
{
    protected override IOAuthStateStore Store { get; } = new InMemoryOAuthStateStore();

    protected override Task<Guid> UserAsync() => Task.FromResult(Guid.NewGuid());
}
