namespace Bob.Git.Abstractions;

/// <summary>
/// Which repository on which git host: the provider instance, the owner or namespace path and the repository name.
/// </summary>
/// <remarks>
/// <para>For GitLab the owner is the full namespace path and may contain slashes (<c>group/sub/sub2</c>); for GitHub and
/// Gitea it is one user or organisation name.</para>
/// <para>Owner and name compare case-insensitively on every provider, as the providers themselves resolve them
/// (GitHub and Gitea names, and GitLab paths, are unique without regard to case). The spelling given is kept for display.</para>
/// </remarks>
public sealed class RemoteRepositoryIdentity : IEquatable<RemoteRepositoryIdentity>
{
    /// <summary>Creates an identity, checking the owner and name against the provider's naming rules.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="BobValidationException">The owner or name breaks the provider's naming rules.</exception>
    public RemoteRepositoryIdentity(GitInstance instance, string owner, string name)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(name);
        var error = Internal.RemotePathRules.Validate(instance.Provider, owner.Split('/'), name);
        if (error is not null)
        {
            throw new BobValidationException("remoteUrl", error);
        }

        Instance = instance;
        Owner = owner;
        Name = name;
    }

    /// <summary>The host the repository lives on.</summary>
    public GitInstance Instance { get; }

    /// <summary>The provider kind of <see cref="Instance"/>.</summary>
    public GitProvider Provider => Instance.Provider;

    /// <summary>The <c>instance_url</c> column value: <see langword="null"/> for github.com and gitlab.com.</summary>
    public string? InstanceUrl => Instance.InstanceUrl;

    /// <summary>The owner: a user or organisation, or for GitLab the full namespace path (<c>group/sub</c>).</summary>
    public string Owner { get; }

    /// <summary>The repository name (GitLab: the project path).</summary>
    public string Name { get; }

    /// <summary><c>owner/name</c>; for GitLab the project's full path.</summary>
    public string FullName => $"{Owner}/{Name}";

    /// <summary>The repository's page: <c>https://github.com/acme/web</c>.</summary>
    public string WebUrl => $"{Instance.BaseUrl}/{FullName}";

    /// <summary>Formats the identity as a remote URL of the given kind, which <see cref="RemoteUrlParser"/> reads back to an equal identity.</summary>
    /// <param name="kind">The URL form. <see cref="RemoteUrlKind.Ssh"/> and <see cref="RemoteUrlKind.ScpLike"/> use the user <c>git</c> and the instance host.</param>
    public string ToRemoteUrl(RemoteUrlKind kind = RemoteUrlKind.Https)
    {
        var host = Instance.Host.Contains(':', StringComparison.Ordinal) ? $"[{Instance.Host}]" : Instance.Host;
        return kind switch
        {
            RemoteUrlKind.Https or RemoteUrlKind.Http => $"{WebUrl}.git",
            RemoteUrlKind.Ssh => $"ssh://git@{host}/{FullName}.git",
            RemoteUrlKind.ScpLike => $"git@{host}:{FullName}.git",
            RemoteUrlKind.Git => $"git://{host}/{FullName}.git",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown remote URL kind."),
        };
    }

    /// <inheritdoc />
    public bool Equals(RemoteRepositoryIdentity? other) =>
        other is not null
        && Instance.Equals(other.Instance)
        && string.Equals(Owner, other.Owner, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RemoteRepositoryIdentity);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        Instance,
        StringComparer.OrdinalIgnoreCase.GetHashCode(Owner),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Name));

    /// <summary>The repository page URL, which identifies the repository for a reader.</summary>
    public override string ToString() => WebUrl;
}
