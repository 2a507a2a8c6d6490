using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Stores;

/// <summary>The App installation store contract, against the in-memory store.</summary>
public sealed class InMemoryGitAppInstallationStoreTests : GitAppInstallationStoreContract
{
    protected override IGitAppInstallationStore Store { get; } = new InMemoryGitAppInstallationStore();
}
