using System.Globalization;

namespace Bob.Git;

/// <summary>
/// The hidden mark at the end of every reply Bob posts (<c>&lt;!-- bob:reply {id} --&gt;</c>, an HTML comment that GitHub,
/// GitLab and Gitea do not render): a delivery of a comment carrying it is Bob's own and never steers an agent, even when it
/// arrives before the post's answer did (the author is the connection's user, who may well write to the repository).
/// </summary>
public static class ReplyMarker
{
    private const string Prefix = "<!-- bob:reply ";

    /// <summary>The longest reply body taken, before the mark.</summary>
    public const int MaxBodyLength = 65_536;

    /// <summary><paramref name="body"/> with the mark of reply <paramref name="replyId"/> after it.</summary>
    public static string Append(string body, Guid replyId)
    {
        ArgumentNullException.ThrowIfNull(body);
        return string.Create(CultureInfo.InvariantCulture, $"{body}\n\n{Prefix}{replyId:N} -->");
    }

    /// <summary>Whether <paramref name="body"/> carries the mark of reply <paramref name="replyId"/>.</summary>
    public static bool Carries(string? body, Guid replyId) =>
        body?.Contains(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{replyId:N} -->"), StringComparison.Ordinal) == true;

    /// <summary>Whether <paramref name="body"/> carries Bob's reply mark.</summary>
    public static bool IsBobs(string? body) => body?.Contains(Prefix, StringComparison.Ordinal) == true;
}
