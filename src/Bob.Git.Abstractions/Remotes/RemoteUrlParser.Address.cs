using System.Text.RegularExpressions;

namespace Bob.Git.Abstractions;

// How the parser reads the address part of a remote URL: https, ssh and scp-like forms.
public partial class RemoteUrlParser
{
    private static Address? ParseAddress(string input, out string? error)
    {
        error = null;
        var schemeMatch = SchemePattern().Match(input);
        if (schemeMatch.Success)
        {
            var scheme = schemeMatch.Groups[1].Value.ToLowerInvariant();
            if (scheme == "file")
            {
                error = "A file:// URL is a local path, not a remote.";
                return null;
            }

            if (!Schemes.Contains(scheme))
            {
                error = $"The scheme '{Truncate(scheme)}' is not a git remote scheme; use https, ssh or git.";
                return null;
            }

            // Credentials go before anything else so no error below can echo them.
            var rest = input[schemeMatch.Length..];
            var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
            var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
            var pathPart = authorityEnd < 0 ? "" : rest[authorityEnd..];
            var at = authority.LastIndexOf('@');
            var userInfo = at < 0 ? "" : authority[..at];
            var hostPort = at < 0 ? authority : authority[(at + 1)..];
            var isSsh = scheme is "ssh" or "git+ssh" or "ssh+git";

            // A plain user name is how ssh says who logs in (git@); anything after a colon, or any user info on http(s), is a credential.
            var keepUser = isSsh && userInfo.Length > 0 && !userInfo.Contains(':', StringComparison.Ordinal) ? userInfo + "@" : "";
            var hadCredentials = userInfo.Length > 0 && keepUser.Length == 0;
            var kind = scheme switch { "https" => RemoteUrlKind.Https, "http" => RemoteUrlKind.Http, "git" => RemoteUrlKind.Git, _ => RemoteUrlKind.Ssh };
            var schemeText = isSsh ? "ssh" : scheme;
            if (!Uri.TryCreate($"{schemeText}://{hostPort}{pathPart}", UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                error = hostPort.Contains(':', StringComparison.Ordinal) && !hostPort.StartsWith('[')
                    ? $"The remote URL's host or port '{Truncate(hostPort)}' is not valid (an scp-like address is written git@host:owner/repo.git, without a scheme)."
                    : $"The remote URL's host '{Truncate(hostPort)}' is not valid.";
                return null;
            }

            int? port = uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port;
            if (isSsh && port == 22)
            {
                port = null;
            }

            var host = uri.IdnHost.Trim('[', ']').ToLowerInvariant();
            var sanitized = $"{schemeText}://{keepUser}{uri.Authority}{uri.AbsolutePath}";
            return new Address(kind, host, port, uri.AbsolutePath, sanitized, hadCredentials);
        }

        var scp = ScpPattern().Match(input);
        if (scp.Success && scp.Groups["host"].Value.Length > 1 && !scp.Groups["path"].Value.StartsWith("//", StringComparison.Ordinal))
        {
            var user = scp.Groups["user"].Value;
            var hostText = scp.Groups["host"].Value.Trim('[', ']');
            if (Uri.CheckHostName(hostText) == UriHostNameType.Unknown)
            {
                error = $"The host '{Truncate(hostText)}' of the scp-like address is not valid.";
                return null;
            }

            var userPart = user.Length > 0 ? user + "@" : "";
            var hostDisplay = hostText.Contains(':', StringComparison.Ordinal) ? $"[{hostText}]" : hostText;
            var path = scp.Groups["path"].Value;
            return new Address(RemoteUrlKind.ScpLike, hostText.ToLowerInvariant(), null, path, $"{userPart}{hostDisplay}:{path}", false);
        }

        error = input[0] is '/' or '.' or '~' or '\\' || (input.Length > 1 && input[1] == ':')
            ? "This is a local path, not a remote URL."
            : "The remote URL is neither a URL (https://host/owner/repo.git) nor an scp-like address (git@host:owner/repo.git).";
        return null;
    }

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*)://", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();

    // [user@]host:path, where the host is a name, an address or a bracketed IPv6 address.
    [GeneratedRegex(@"^(?:(?<user>[^@/:\[\]]+)@)?(?<host>\[[0-9A-Fa-f:.]+\]|[^@/:\[\]]+):(?<path>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpPattern();
}
