using System.Diagnostics.CodeAnalysis;

namespace Bob.Git.Abstractions;

/// <summary>
/// One installation of a git hosting service: its provider kind and the base URL of its web UI,
/// including any path prefix (<c>https://host/gitlab</c>).
/// </summary>
/// <remarks>
/// github.com and gitlab.com are the cloud instances: their <see cref="InstanceUrl"/> is <see langword="null"/>, as the
/// database stores them. Every other instance, GitHub Enterprise Server, self-managed GitLab, Gitea and Forgejo, has a
/// non-null <see cref="InstanceUrl"/>. Base URLs are normalised: lower-case scheme and host, no default port, no trailing
/// slash, no user information, query or fragment.
/// </remarks>
public sealed class GitInstance : IEquatable<GitInstance>
{
    /// <summary>github.com.</summary>
    public static GitInstance GitHubCom { get; } = new(GitProvider.GitHub, "https", "github.com", null, "", isCloud: true);

    /// <summary>gitlab.com.</summary>
    public static GitInstance GitLabCom { get; } = new(GitProvider.GitLab, "https", "gitlab.com", null, "", isCloud: true);

    private GitInstance(GitProvider provider, string scheme, string host, int? port, string pathPrefix, bool isCloud)
    {
        Provider = provider;
        Scheme = scheme;
        Host = host;
        Port = port;
        PathPrefix = pathPrefix;
        IsCloud = isCloud;
        BaseUrl = $"{scheme}://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}{(port is null ? "" : $":{port}")}{pathPrefix}";
    }

    /// <summary>The kind of service.</summary>
    public GitProvider Provider { get; }

    /// <summary><c>https</c>, or <c>http</c> for an instance on a private network.</summary>
    public string Scheme { get; }

    /// <summary>The lower-case host name or IP address, without brackets.</summary>
    public string Host { get; }

    /// <summary>The port when it is not the scheme's default.</summary>
    public int? Port { get; }

    /// <summary>The path the service is mounted under, such as <c>/gitlab</c>, or empty.</summary>
    public string PathPrefix { get; }

    /// <summary>Whether this is github.com or gitlab.com.</summary>
    public bool IsCloud { get; }

    /// <summary>The normalised base URL of the web UI, without a trailing slash: <c>https://git.example.com/gitlab</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The value stored in <c>instance_url</c> columns: <see langword="null"/> for github.com and gitlab.com, else <see cref="BaseUrl"/>.</summary>
    public string? InstanceUrl => IsCloud ? null : BaseUrl;

    /// <summary>The base URL as a <see cref="Uri"/> ending in a slash, ready for relative resolution.</summary>
    public Uri BaseUri => new(BaseUrl + "/", UriKind.Absolute);

    /// <summary>The instance for a provider and an <c>instance_url</c> column value (<see langword="null"/> means the cloud instance).</summary>
    /// <exception cref="ArgumentException">GitHub or GitLab is wanted without URL, or Gitea is wanted without URL (Gitea has no cloud instance).</exception>
    public static GitInstance FromInstanceUrl(GitProvider provider, string? instanceUrl) => instanceUrl is null
        ? provider switch
        {
            GitProvider.GitHub => GitHubCom,
            GitProvider.GitLab => GitLabCom,
            _ => throw new ArgumentException("A Gitea instance always has an instance URL.", nameof(instanceUrl)),
        }
        : Create(provider, instanceUrl);

    /// <summary>Creates a normalised instance from a base URL such as <c>https://git.example.com/gitlab/</c>.</summary>
    /// <param name="provider">The kind of service running there.</param>
    /// <param name="baseUrl">An absolute http or https URL without query or fragment; user information is refused.</param>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not such a URL.</exception>
    public static GitInstance Create(GitProvider provider, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!TryCreate(provider, baseUrl, out var instance, out var error))
        {
            throw new ArgumentException(error, nameof(baseUrl));
        }

        return instance;
    }

    /// <summary>Tries to create a normalised instance; <paramref name="error"/> says what is wrong when it returns <see langword="false"/>.</summary>
    public static bool TryCreate(GitProvider provider, string? baseUrl, [NotNullWhen(true)] out GitInstance? instance, [NotNullWhen(false)] out string? error)
    {
        instance = null;
        if (!Enum.IsDefined(provider))
        {
            error = $"Unknown git provider {provider}.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(baseUrl) || !Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            error = "An instance URL must be an absolute http or https URL, such as https://git.example.com.";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            error = "An instance URL must not carry user information or credentials.";
            return false;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = "An instance URL must not have a query or a fragment.";
            return false;
        }

        var host = uri.IdnHost.Trim('[', ']').ToLowerInvariant();
        var prefix = uri.AbsolutePath.TrimEnd('/');
        int? port = uri.IsDefaultPort ? null : uri.Port;
        var cloud = provider switch
        {
            GitProvider.GitHub when prefix.Length == 0 && port is null && uri.Scheme == Uri.UriSchemeHttps && Internal.CloudHosts.IsGitHubCom(host) => GitHubCom,
            GitProvider.GitLab when prefix.Length == 0 && port is null && uri.Scheme == Uri.UriSchemeHttps && Internal.CloudHosts.IsGitLabCom(host) => GitLabCom,
            _ => null,
        };
        instance = cloud ?? new GitInstance(provider, uri.Scheme, host, port, prefix, isCloud: false);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(GitInstance? other) =>
        other is not null && Provider == other.Provider && string.Equals(BaseUrl, other.BaseUrl, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GitInstance);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Provider, StringComparer.Ordinal.GetHashCode(BaseUrl));

    /// <summary>The provider's wire name and the base URL, for example <c>gitlab https://git.example.com/gitlab</c>.</summary>
    public override string ToString() => $"{Provider.ToWireName()} {BaseUrl}";
}
