namespace Bob.Git.Abstractions;

/// <summary>Creates provider clients. Each provider package registers one factory for its <see cref="Provider"/>.</summary>
public interface IGitProviderClientFactory
{
    /// <summary>The provider this factory serves.</summary>
    GitProvider Provider { get; }

    /// <summary>Creates a client for <paramref name="instance"/> that authenticates with <paramref name="accessToken"/>.</summary>
    IGitProviderClient Create(GitInstance instance, string accessToken);
}
