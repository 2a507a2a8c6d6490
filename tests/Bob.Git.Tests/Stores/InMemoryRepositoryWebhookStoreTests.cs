using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The hook store contract, against the in-memory store.</summary>
public sealed class InMemoryRepositoryWebhookStoreTests : RepositoryWebhookStoreContract
{
    protected override IRepositoryWebhookStore Store { get; } = new InMemoryRepositoryWebhookStore();
}
