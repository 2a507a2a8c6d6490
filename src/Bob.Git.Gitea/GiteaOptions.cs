using Bob.Git.Abstractions;

namespace Bob.Git.Gitea;

/// <summary>Gitea and Forgejo settings (configuration section <c>Providers:Gitea</c>).</summary>
public sealed class GiteaOptions
{
    /// <summary>An optional default instance (<c>https://gitea.example.com/</c>); users may also connect other instances with a token.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The OAuth2 application client id on <see cref="BaseUrl"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth2 application secret. Never logged.</summary>
    public Secret? ClientSecret { get; set; }

    /// <summary>The title prefix that marks a pull request as work in progress. Gitea's default is <c>WIP:</c> (setting <c>[repository.pull-request] WORK_IN_PROGRESS_PREFIXES</c>).</summary>
    public string DraftTitlePrefix { get; set; } = "WIP:";

    /// <summary>The instance <see cref="BaseUrl"/> names, or <see langword="null"/> when none is configured.</summary>
    /// <exception cref="ArgumentException"><see cref="BaseUrl"/> is set but not an absolute http(s) URL.</exception>
    public GitInstance? Instance => string.IsNullOrWhiteSpace(BaseUrl) ? null : GitInstance.Create(GitProvider.Gitea, BaseUrl);
}
