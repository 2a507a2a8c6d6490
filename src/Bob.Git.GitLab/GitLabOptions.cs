using Bob.Git.Abstractions;

namespace Bob.Git.GitLab;

/// <summary>GitLab settings (configuration section <c>Providers:GitLab</c>).</summary>
public sealed class GitLabOptions
{
    /// <summary>The instance's web base URL, including any relative URL root (<c>https://host/gitlab/</c>). Default <c>https://gitlab.com/</c>.</summary>
    public string BaseUrl { get; set; } = "https://gitlab.com/";

    /// <summary>The OAuth application id, for the OAuth connect flow.</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth application secret. Never logged.</summary>
    public Secret? ClientSecret { get; set; }

    /// <summary>The instance <see cref="BaseUrl"/> names.</summary>
    /// <exception cref="ArgumentException"><see cref="BaseUrl"/> is not an absolute http(s) URL.</exception>
    public GitInstance Instance => GitInstance.Create(GitProvider.GitLab, BaseUrl);
}
