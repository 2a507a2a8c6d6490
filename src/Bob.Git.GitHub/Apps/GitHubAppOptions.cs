using Bob.Git.Abstractions;

namespace Bob.Git.GitHub;

/// <summary>
/// A GitHub App's settings (issue 22; configuration <c>Providers:GitHub:App</c>: <c>Providers__GitHub__App__AppId</c>,
/// <c>__ClientId</c>, <c>__ClientSecret</c>, <c>__Slug</c>, and the private key as a PEM file <c>__PrivateKeyPath</c> or
/// value <c>__PrivateKey</c>). The key and the secret are never logged or shown.
/// </summary>
public sealed class GitHubAppOptions
{
    /// <summary>The App's numeric id (a JWT's <c>iss</c> when no <see cref="ClientId"/> is set).</summary>
    public long? AppId { get; set; }

    /// <summary>The App's client id (<c>Iv23…</c>): the JWT's <c>iss</c> GitHub recommends, and the user authorization's client.</summary>
    public string? ClientId { get; set; }

    /// <summary>The App's client secret, for the user authorization's code exchange.</summary>
    public Secret? ClientSecret { get; set; }

    /// <summary>The App's slug, as in <c>{web}/apps/{slug}/installations/new</c>.</summary>
    public string? Slug { get; set; }

    /// <summary>A file holding the App's private key (PEM, PKCS#1 or PKCS#8), as GitHub lets you download it.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The App's private key itself (PEM), when it is not in a file.</summary>
    public Secret? PrivateKey { get; set; }

    /// <summary>Whether any App setting is given (then the ones the App's features need must be too).</summary>
    public bool IsConfigured => AppId is not null || ClientId is not null || Slug is not null || PrivateKeyPath is not null || PrivateKey is not null;

    /// <summary>What is missing for the App's tokens (an issuer and a key), or <see langword="null"/> when nothing is.</summary>
    public string? MissingForTokens =>
        (AppId is null && string.IsNullOrWhiteSpace(ClientId), PrivateKeyPath is null && PrivateKey is null) switch
        {
            (true, true) => "Providers:GitHub:App:ClientId (or AppId) and Providers:GitHub:App:PrivateKeyPath (or PrivateKey) are not set.",
            (true, false) => "Providers:GitHub:App:ClientId (or AppId) is not set.",
            (false, true) => "Providers:GitHub:App:PrivateKeyPath (or PrivateKey) is not set.",
            _ => null,
        };
}
