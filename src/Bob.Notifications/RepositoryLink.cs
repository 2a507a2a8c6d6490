namespace Bob.Notifications;

/// <summary><c>bob://repo/{repositoryId}</c>.</summary>
/// <param name="RepositoryId">The repository.</param>
public sealed record RepositoryLink(Guid RepositoryId) : DeepLink
{
    /// <inheritdoc />
    public override Uri ToUri() => DeepLinks.Repository(RepositoryId);
}
