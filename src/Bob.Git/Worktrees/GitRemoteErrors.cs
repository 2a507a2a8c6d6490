using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>Reads what git printed when a request to the remote failed, and says what kind of failure it was.</summary>
internal static class GitRemoteErrors
{
    /// <summary>The typed exception for a failed fetch, ls-remote or push.</summary>
    public static Exception For(string operation, GitCommandResult result, GitCredentials? credentials)
    {
        var error = result.Error;
        var excerpt = TextRules.Excerpt(error.Trim().Replace('\n', ' '), 300);
        if (operation == "push" && error.Contains("[rejected]", StringComparison.Ordinal)
            && (error.Contains("non-fast-forward", StringComparison.Ordinal) || error.Contains("fetch first", StringComparison.Ordinal)))
        {
            return new GitCommandException(GitCommandFailure.PushRejected, $"The remote rejected the push: the branch has commits this push does not have ({excerpt}).", connectionId: null);
        }

        if (Has(error, "Authentication failed", "could not read Username", "could not read Password", "error: 401", "error: 403", "Repository not found", "error: 404"))
        {
            var who = credentials?.ConnectionId is { } id ? $"connection {id}" : "no connection (the repository has none)";
            return new GitCommandException(
                GitCommandFailure.RemoteAuthentication,
                $"The git remote refused the request with {who}: authorize the connection again, or check it can write to the repository ({excerpt}).",
                credentials?.ConnectionId);
        }

        if (Has(error, "Could not resolve host", "Failed to connect", "Connection refused", "Connection timed out", "timed out", "error: 50", "SSL", "TLS", "unable to access", "RPC failed", "early EOF"))
        {
            return new GitCommandException(GitCommandFailure.RemoteUnavailable, $"The git remote could not be reached for {operation} ({excerpt}).", connectionId: null);
        }

        return new GitCommandException($"git {operation} failed ({result.ExitCode}): {excerpt}", result.ExitCode, error);
    }

    private static bool Has(string text, params string[] needles) => needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
