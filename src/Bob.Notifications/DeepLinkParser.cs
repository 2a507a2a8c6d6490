using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bob.Notifications;

/// <summary>
/// Parses <c>bob://</c> links strictly (SPEC §6): the four documented shapes only; ids are GUIDs, providers are the three
/// wire names, names are what a forge allows, numbers are positive without sign or leading zeros, the callback takes only
/// <c>provider</c>, <c>code</c>, <c>state</c>, <c>error</c> and <c>error_description</c>, once each. No user info, port,
/// fragment, empty or dot segment, or stray character is accepted: a link is either exactly one of those, or refused with
/// the reason.
/// </summary>
public static class DeepLinkParser
{
    /// <summary>The longest link read.</summary>
    public const int MaxLength = 4096;

    private static readonly HashSet<string> Providers = new(StringComparer.Ordinal) { "github", "gitlab", "gitea" };
    private static readonly HashSet<string> CallbackKeys = new(StringComparer.Ordinal) { "provider", "code", "state", "error", "error_description", "installation_id" };

    /// <summary>Parses <paramref name="link"/>.</summary>
    /// <exception cref="FormatException">Not one of SPEC §6's links; the message says why (never quoting the link).</exception>
    public static DeepLink Parse(string? link) => TryParse(link, out var parsed, out var error) ? parsed : throw new FormatException(error);

    /// <summary>Tries to parse <paramref name="link"/>; <paramref name="error"/> says why not.</summary>
    public static bool TryParse(string? link, [NotNullWhen(true)] out DeepLink? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = Check(link, ref result);
        return error is null;
    }

    private static string? Check(string? link, ref DeepLink? result)
    {
        const string prefix = "bob://";
        if (string.IsNullOrEmpty(link) || link.Length > MaxLength)
        {
            return $"A link is 1 to {MaxLength} characters.";
        }

        if (!link.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "A link starts with bob://.";
        }

        if (link.Any(c => c <= ' ' || c >= 0x7f || c is '#' or '\\' or '"' or '<' or '>' or '`' or '{' or '}' or '|' or '^'))
        {
            return "A link holds only printable ASCII, percent-encoded elsewhere, and no fragment.";
        }

        var rest = link[prefix.Length..];
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rest : rest[..question];
        var query = question < 0 ? null : rest[(question + 1)..];
        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return "A link has no empty segment.";
        }

        var decoded = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            if (Decode(segments[i]) is not { } d || d is "." or ".." || d.Any(char.IsControl))
            {
                return "A segment is not validly percent-encoded, or is a dot segment.";
            }

            decoded[i] = d;
        }

        switch (decoded[0])
        {
            case "session" or "repo" when query is null:
                if (decoded.Length != 2 || !Guid.TryParseExact(segments[1], "D", out var id) || segments[1] != id.ToString("D", CultureInfo.InvariantCulture))
                {
                    return $"bob://{decoded[0]}/ takes one id: a lower-case GUID.";
                }

                result = decoded[0] == "session" ? new SessionLink(id) : new RepositoryLink(id);
                return null;

            case "pr" when query is null:
                if (decoded.Length != 5)
                {
                    return "bob://pr/ takes provider, owner, repo and number.";
                }

                if (!Providers.Contains(decoded[1]))
                {
                    return "The provider is github, gitlab or gitea.";
                }

                if (!IsName(decoded[2], allowSlash: decoded[1] == "gitlab") || !IsName(decoded[3], allowSlash: false))
                {
                    return "The owner and repo are names of letters, digits, '.', '-' and '_' (a GitLab namespace may hold '/').";
                }

                if (!int.TryParse(decoded[4], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0 || decoded[4][0] == '0')
                {
                    return "The number is a positive integer.";
                }

                result = new PullRequestLink(decoded[1], decoded[2], decoded[3], number);
                return null;

            case "auth":
                if (decoded.Length != 2 || decoded[1] != "callback" || string.IsNullOrEmpty(query))
                {
                    return "The callback link takes a query.";
                }

                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in query.Split('&'))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    var key = equals < 0 ? null : Decode(pair[..equals]);
                    var value = equals < 0 ? null : Decode(pair[(equals + 1)..]);
                    if (key is null || value is null || !CallbackKeys.Contains(key) || value.Length is 0 or > 2048 || value.Any(char.IsControl) || !values.TryAdd(key, value))
                    {
                        return "The callback takes provider, code, state, error, error_description and installation_id, once each, with values.";
                    }
                }

                if (!values.TryGetValue("provider", out var provider) || !Providers.Contains(provider))
                {
                    return "The callback names its provider: github, gitlab or gitea.";
                }

                var hasCode = values.ContainsKey("code") && values.ContainsKey("state");
                var installedWithoutCode = values.ContainsKey("state") && values.ContainsKey("installation_id");
                if (!hasCode && !installedWithoutCode && !values.ContainsKey("error"))
                {
                    return "The callback carries code and state, state and installation_id, or an error.";
                }

                if (values.TryGetValue("installation_id", out var installation) && (installation.Length > 19 || !installation.All(char.IsAsciiDigit) || installation[0] == '0'))
                {
                    return "An App installation id is a positive integer.";
                }

                result = new AuthCallbackLink(provider, values.GetValueOrDefault("code"), values.GetValueOrDefault("state"), values.GetValueOrDefault("error"), values.GetValueOrDefault("error_description"))
                {
                    InstallationId = installation,
                };
                return null;

            default:
                return "A link is bob://session/…, bob://repo/…, bob://pr/… or bob://auth/callback?….";
        }
    }

    /// <summary>A percent-encoded part decoded, or <see langword="null"/> when it is not strictly encoded (stray '%', bad UTF-8).</summary>
    private static string? Decode(string part)
    {
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (c == '%')
            {
                if (i + 2 >= part.Length || !Uri.IsHexDigit(part[i + 1]) || !Uri.IsHexDigit(part[i + 2]))
                {
                    return null;
                }

                i += 2;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                return null;
            }
        }

        try
        {
            var bytes = new List<byte>(part.Length);
            for (var i = 0; i < part.Length; i++)
            {
                if (part[i] == '%')
                {
                    bytes.Add(byte.Parse(part.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)part[i]);
                }
            }

            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsName(string name, bool allowSlash) =>
        name.Length is > 0 and <= 255
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' || (allowSlash && c == '/'))
        && !name.Split('/').Any(part => part.Length == 0 || part is "." or "..");
}
