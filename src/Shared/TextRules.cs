namespace Bob;

/// <summary>
/// Rules for text that users hand the suite, checked before it reaches a provider or PostgreSQL: PostgreSQL text cannot
/// hold NUL, an HTTP header cannot carry CR, LF or non-ASCII characters, and a token is always printable ASCII.
/// </summary>
/// <remarks>Compiled into each package (and the sample host) that checks text; internal.</remarks>
internal static class TextRules
{
    /// <summary>Whether <paramref name="text"/> holds a control character (C0, DEL or C1), NUL, CR and LF included.</summary>
    public static bool HasControlCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether free text (a comment, a reply, a reason) holds a control character other than a line break or a tab: what
    /// people write may span lines, but NUL and the rest never belong in it.
    /// </summary>
    public static bool HasControlCharactersInFreeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="token"/> can be an access token: printable ASCII without spaces (<c>!</c> to <c>~</c>), as every
    /// provider's tokens are. Anything else could not be sent in an <c>Authorization</c> header.
    /// </summary>
    public static bool IsTokenText(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        foreach (var c in token)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return token.Length > 0;
    }

    /// <summary>At most <paramref name="max"/> characters of <paramref name="value"/>, with an ellipsis when cut, for messages that quote input.</summary>
    public static string Excerpt(string value, int max = 60)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= max ? value : string.Concat(value.AsSpan(0, max), "…");
    }

    /// <summary>
    /// Whether <paramref name="url"/> is an absolute <c>http</c> or <c>https</c> URL with a host: the only links taken from
    /// outside (provider payloads, Kanbanger tasks) that are stored or rendered. <c>javascript:</c>, <c>data:</c>, relative and
    /// scheme-relative URLs and other schemes are not.
    /// </summary>
    public static bool IsHttpLink(string? url) =>
        url is { Length: > 0 and <= 2048 }
        && !HasControlCharacters(url)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="url"/> when it is an http(s) link (<see cref="IsHttpLink"/>), otherwise <see langword="null"/>.</summary>
    public static string? HttpLinkOrNull(string? url) => IsHttpLink(url) ? url : null;
}
