using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The pull request feedback store contract, against the in-memory store.</summary>
public sealed class InMemoryPullRequestFeedbackStoreTests : PullRequestFeedbackStoreContract
{
    protected override IPullRequestFeedbackStore Store { get; } = new InMemoryPullRequestFeedbackStore();
}
