using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// A token for git's HTTP requests to one instance, as the provider expects it in Basic authentication: GitHub
/// <c>x-access-token</c>, GitLab <c>oauth2</c>, Gitea any user name with the token as password. It reaches git only through
/// the environment (an <c>http.&lt;instance&gt;.extraHeader</c> in <c>GIT_CONFIG_*</c>), never through arguments,
/// remote URLs or configuration files.
/// </summary>
public sealed class GitCredentials
{
    /// <summary>Credentials for <paramref name="instance"/> with <paramref name="token"/>.</summary>
    /// <param name="instance">The instance the token is for; the header is sent to its origin and path only.</param>
    /// <param name="token">The access token.</param>
    /// <param name="connectionId">The connection the token came from, named when the remote refuses it.</param>
    public GitCredentials(GitInstance instance, string token, Guid? connectionId = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Instance = instance;
        Token = new Secret(token);
        ConnectionId = connectionId;
    }

    /// <summary>The instance.</summary>
    public GitInstance Instance { get; }

    /// <summary>The token (its <c>ToString()</c> never shows it).</summary>
    public Secret Token { get; }

    /// <summary>The connection the token came from.</summary>
    public Guid? ConnectionId { get; }

    /// <summary>The Basic authentication user name the provider expects with a token.</summary>
    public string UserName => Instance.Provider switch
    {
        GitProvider.GitHub => "x-access-token",
        GitProvider.GitLab => "oauth2",
        _ => "bob",
    };

    /// <summary>The value of the <c>Authorization</c> header.</summary>
    internal string AuthorizationHeader => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{UserName}:{Token.Reveal()}"));

    /// <inheritdoc />
    public override string ToString() => $"{UserName}:*** for {Instance}";
}
