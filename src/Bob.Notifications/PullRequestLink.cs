namespace Bob.Notifications;

/// <summary><c>bob://pr/{provider}/{owner}/{repo}/{number}</c>.</summary>
/// <param name="Provider"><c>github</c>, <c>gitlab</c> or <c>gitea</c>.</param>
/// <param name="Owner">The owner or namespace path (a GitLab namespace may hold <c>/</c>).</param>
/// <param name="Repository">The repository's name.</param>
/// <param name="Number">The pull request's number.</param>
public sealed record PullRequestLink(string Provider, string Owner, string Repository, int Number) : DeepLink
{
    /// <inheritdoc />
    public override Uri ToUri() => DeepLinks.PullRequest(Provider, Owner, Repository, Number);
}
