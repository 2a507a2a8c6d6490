namespace Bob.Git.Abstractions;

/// <summary>What is needed to open a pull request.</summary>
/// <param name="HeadBranch">The branch with the changes.</param>
/// <param name="BaseBranch">The branch to merge into.</param>
/// <param name="Title">The title (without a draft prefix: adapters add their provider's marker).</param>
/// <param name="Body">The description.</param>
/// <param name="Draft">Whether to open it as a draft.</param>
public sealed record CreatePullRequest(string HeadBranch, string BaseBranch, string Title, string? Body, bool Draft = true);
