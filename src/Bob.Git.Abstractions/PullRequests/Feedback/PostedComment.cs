namespace Bob.Git.Abstractions;

/// <summary>A comment Bob posted on a pull request.</summary>
/// <param name="ProviderId">The provider's id of the new comment.</param>
/// <param name="Url">Its web page, or empty when the provider does not say.</param>
public sealed record PostedComment(string ProviderId, string Url);
