using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The pull request feedback store contract, against the in-memory store.</summary>
public sealed class InMemoryPullRequestFeedbackStoreTests : PullRequestFeedbackStoreContract
{
    private readonly InMemoryPullRequestFeedbackStore _store = new();

    protected override IPullRequestFeedbackStore Store => _store;

    protected override Task<Guid> PullRequestAsync() => Task.FromResult(Guid.NewGuid());

    protected override Task<IReadOnlyList<string>> QueuedAsync(string source, string prefix) =>
        Task.FromResult<IReadOnlyList<string>>([.. _store.Outbox.Where(m => m.Source == source && m.DeliveryId.StartsWith(prefix, StringComparison.Ordinal)).Select(m => m.DeliveryId)]);
}
