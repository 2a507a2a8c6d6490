namespace Bob.Git.Abstractions;

/// <summary>Changes to a pull request; <see langword="null"/> members are left as they are.</summary>
/// <param name="Title">A new title.</param>
/// <param name="Body">A new description.</param>
/// <param name="Draft"><see langword="true"/> to convert to draft, <see langword="false"/> to mark ready for review.</param>
/// <param name="Closed"><see langword="true"/> to close, <see langword="false"/> to reopen.</param>
public sealed record UpdatePullRequest(string? Title = null, string? Body = null, bool? Draft = null, bool? Closed = null);
