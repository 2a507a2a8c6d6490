using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The check store contract, against the in-memory store.</summary>
public sealed class InMemoryCheckStoreTests : CheckStoreContract
{
    protected override ICheckStore Store { get; } = new InMemoryCheckStore();
}
