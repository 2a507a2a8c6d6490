namespace Bob.Git.Abstractions;

/// <summary>A repository a user registered, with its parsed remote identity.</summary>
/// <param name="Id">The repository id.</param>
/// <param name="UserId">The owning user.</param>
/// <param name="Name">The user's name for it.</param>
/// <param name="RemoteUrl">The remote URL without credentials.</param>
/// <param name="Remote">The parsed identity (provider, instance, owner, name).</param>
/// <param name="ConnectionId">The provider connection used for it by default, if set.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record Repository(
    Guid Id,
    Guid UserId,
    string Name,
    string RemoteUrl,
    RemoteRepositoryIdentity Remote,
    Guid? ConnectionId,
    DateTimeOffset CreatedAt);
