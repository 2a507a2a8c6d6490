using System.Diagnostics.CodeAnalysis;

namespace Bob.Git.Abstractions;

/// <summary>
/// Parses git remote URLs (https, ssh, scp-like <c>git@host:owner/repo.git</c>, git) into a <see cref="RemoteRepositoryIdentity"/>,
/// resolving the host against known instances.
/// </summary>
/// <remarks>
/// <para>github.com and gitlab.com are always known. Self-hosted instances, including those under a path prefix
/// (<c>https://host/gitlab</c>), are passed to the constructor; a URL under a prefix resolves to the instance with the
/// longest matching prefix. A host that matches no instance needs a provider hint.</para>
/// <para>Credentials in the URL (<c>https://x-access-token:TOKEN@github.com/...</c>) are accepted and removed: they appear neither in
/// the result nor in any error message.</para>
/// <para>Instances of this class are immutable and thread-safe.</para>
/// </remarks>
public sealed partial class RemoteUrlParser
{
    private static readonly string[] Schemes = ["https", "http", "ssh", "git", "git+ssh", "ssh+git"];
    private readonly GitInstance[] _instances;

    /// <summary>Creates a parser that knows github.com, gitlab.com and the given instances.</summary>
    /// <param name="knownInstances">Self-hosted instances (GitHub Enterprise Server, self-managed GitLab, Gitea, Forgejo).</param>
    public RemoteUrlParser(IEnumerable<GitInstance>? knownInstances = null)
    {
        var all = new List<GitInstance> { GitInstance.GitHubCom, GitInstance.GitLabCom };
        foreach (var instance in knownInstances ?? [])
        {
            ArgumentNullException.ThrowIfNull(instance, nameof(knownInstances));
            if (!all.Contains(instance))
            {
                all.Add(instance);
            }
        }

        _instances = [.. all];
    }

    /// <summary>A parser that knows only github.com and gitlab.com.</summary>
    public static RemoteUrlParser Default { get; } = new();

    /// <summary>The instances this parser resolves hosts against.</summary>
    public IReadOnlyList<GitInstance> KnownInstances => _instances;

    /// <summary>Returns a parser that also knows <paramref name="instance"/>.</summary>
    public RemoteUrlParser With(GitInstance instance) =>
        _instances.Contains(instance) ? this : new RemoteUrlParser(_instances.Append(instance));

    /// <summary>Parses a remote URL.</summary>
    /// <param name="remoteUrl">The URL as <c>git remote get-url</c> prints it, or as copied from the provider's page.</param>
    /// <param name="provider">The provider to assume when the host is not a known instance; when the host is known it must agree.</param>
    /// <exception cref="BobValidationException">The URL is not a remote URL this parser understands; the message says why.</exception>
    public ParsedRemoteUrl Parse(string remoteUrl, GitProvider? provider = null) =>
        TryParse(remoteUrl, provider, out var result, out var error) ? result : throw new BobValidationException("remoteUrl", error);

    /// <summary>Tries to parse a remote URL; <paramref name="error"/> says what is wrong when it returns <see langword="false"/>.</summary>
    public bool TryParse(
        string? remoteUrl,
        GitProvider? provider,
        [NotNullWhen(true)] out ParsedRemoteUrl? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = Parse(remoteUrl, provider, ref result);
        return error is null;
    }

    private string? Parse(string? input, GitProvider? hint, ref ParsedRemoteUrl? result)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "The remote URL is empty.";
        }

        input = input.Trim();
        if (input.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "A remote URL must not contain spaces or control characters.";
        }

        if (hint is { } h && !Enum.IsDefined(h))
        {
            return $"Unknown git provider {h}.";
        }

        var address = ParseAddress(input, out var addressError);
        if (address is null)
        {
            return addressError;
        }

        var segments = address.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < segments.Count; i++)
        {
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(segments[i]);
            }
            catch (UriFormatException)
            {
                return "The remote URL's path has a malformed escape sequence.";
            }

            if (decoded.Contains('/', StringComparison.Ordinal) || decoded.Any(char.IsControl))
            {
                return "The remote URL's path has an escaped slash or control character in a segment.";
            }

            segments[i] = decoded;
        }

        if (segments.Any(s => s is "." or ".."))
        {
            return "The remote URL's path must not contain '.' or '..' segments.";
        }

        var instance = ResolveInstance(address, segments, hint, out var prefixLength, out var instanceError);
        if (instance is null)
        {
            return instanceError;
        }

        segments.RemoveRange(0, prefixLength);

        // GitLab web URLs put the page after a "-" segment: https://gitlab.com/group/project/-/merge_requests/1.
        if (instance.Provider == GitProvider.GitLab && segments.IndexOf("-") is var dash and >= 0)
        {
            segments.RemoveRange(dash, segments.Count - dash);
        }

        if (segments.Count > 0 && segments[^1].EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            segments[^1] = segments[^1][..^4];
        }

        if (segments.Count < 2 || segments[^1].Length == 0)
        {
            return $"The remote URL has no owner/name path after the host {instance.BaseUrl}.";
        }

        var owner = segments.Take(segments.Count - 1).ToArray();
        var name = segments[^1];
        var pathError = Internal.RemotePathRules.Validate(instance.Provider, owner, name);
        if (pathError is not null)
        {
            return pathError;
        }

        result = new ParsedRemoteUrl(
            new RemoteRepositoryIdentity(instance, string.Join('/', owner), name),
            address.SanitizedUrl,
            address.Kind,
            address.HadCredentials);
        return null;
    }

    private GitInstance? ResolveInstance(Address address, List<string> segments, GitProvider? hint, out int prefixLength, out string? error)
    {
        prefixLength = 0;
        error = null;
        GitInstance? best = null;
        var sameHost = new List<GitInstance>();
        foreach (var instance in _instances)
        {
            if (!HostMatches(instance, address))
            {
                continue;
            }

            sameHost.Add(instance);
            var prefix = instance.PathPrefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (prefix.Length <= segments.Count
                && prefix.Select((p, i) => string.Equals(p, segments[i], StringComparison.OrdinalIgnoreCase)).All(x => x)
                && (best is null || prefix.Length > prefixLength))
            {
                best = instance;
                prefixLength = prefix.Length;
            }
        }

        // SSH paths do not carry the web UI's path prefix: git@host:group/repo.git for https://host/gitlab.
        if (best is null && address.Kind is RemoteUrlKind.Ssh or RemoteUrlKind.ScpLike or RemoteUrlKind.Git)
        {
            var candidates = hint is { } p ? sameHost.Where(i => i.Provider == p).ToList() : sameHost;
            if (candidates.Count > 1)
            {
                error = $"The host {address.Host} serves several configured instances; use the https URL to say which.";
                return null;
            }

            best = candidates.FirstOrDefault();
        }

        if (best is not null)
        {
            if (hint is { } wanted && wanted != best.Provider)
            {
                error = $"The host {best.BaseUrl} is a known {Brand(best.Provider)} instance, not {Brand(wanted)}.";
                return null;
            }

            return best;
        }

        if (hint is not { } provider)
        {
            error = $"The host {address.Host} is not a known GitHub, GitLab or Gitea instance: pass the provider (github, gitlab or gitea) or configure the instance.";
            return null;
        }

        // Unknown host with a provider hint: the instance is the host itself, with no path prefix.
        var scheme = address.Kind == RemoteUrlKind.Http ? "http" : "https";
        var port = address.Kind is RemoteUrlKind.Https or RemoteUrlKind.Http && address.Port is { } p2 ? $":{p2}" : "";
        var host = address.Host.Contains(':', StringComparison.Ordinal) ? $"[{address.Host}]" : address.Host;
        if (!GitInstance.TryCreate(provider, $"{scheme}://{host}{port}", out var created, out error))
        {
            return null;
        }

        return created;
    }

    private static bool HostMatches(GitInstance instance, Address address)
    {
        if (instance.IsCloud)
        {
            return instance.Provider == GitProvider.GitHub
                ? Internal.CloudHosts.IsGitHubCom(address.Host)
                : Internal.CloudHosts.IsGitLabCom(address.Host);
        }

        if (!string.Equals(instance.Host, address.Host, StringComparison.Ordinal))
        {
            return false;
        }

        // Over http(s) with the instance's own scheme the port must agree; ssh ports say nothing about the web port.
        return address.Kind is not (RemoteUrlKind.Https or RemoteUrlKind.Http)
            || !string.Equals(instance.Scheme, address.Kind == RemoteUrlKind.Https ? "https" : "http", StringComparison.Ordinal)
            || instance.Port == address.Port;
    }

    private static string Brand(GitProvider provider) => provider switch
    {
        GitProvider.GitHub => "GitHub",
        GitProvider.GitLab => "GitLab",
        _ => "Gitea",
    };

    private sealed record Address(RemoteUrlKind Kind, string Host, int? Port, string Path, string SanitizedUrl, bool HadCredentials);
}
