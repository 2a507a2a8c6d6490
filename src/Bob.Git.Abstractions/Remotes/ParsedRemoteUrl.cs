namespace Bob.Git.Abstractions;

/// <summary>The result of parsing a remote URL.</summary>
/// <param name="Identity">Which repository the URL points to.</param>
/// <param name="SanitizedUrl">The URL as given, with any password or token removed; safe to store and log.</param>
/// <param name="Kind">The URL's written form.</param>
/// <param name="HadCredentials">Whether the input carried credentials that were removed.</param>
public sealed record ParsedRemoteUrl(RemoteRepositoryIdentity Identity, string SanitizedUrl, RemoteUrlKind Kind, bool HadCredentials);
