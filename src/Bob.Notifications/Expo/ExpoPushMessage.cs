using System.Text.Json.Nodes;

namespace Bob.Notifications;

/// <summary>
/// One push message (Expo's message request format). <see cref="To"/> may name several recipients: each counts toward the
/// 100 messages of a request, and each gets its own ticket.
/// </summary>
/// <param name="To">Expo push tokens (<c>ExponentPushToken[...]</c>).</param>
/// <param name="Title">The title.</param>
/// <param name="Body">The text.</param>
/// <param name="Data">Data for the app, such as the <c>bob://</c> link (<c>{"url": ...}</c>); at most 4 KiB with the rest.</param>
public sealed record ExpoPushMessage(IReadOnlyList<string> To, string? Title, string? Body, JsonObject? Data = null)
{
    /// <summary>The sound (<c>default</c>), if any.</summary>
    public string? Sound { get; init; }

    /// <summary><c>default</c>, <c>normal</c> or <c>high</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>The Android notification channel.</summary>
    public string? ChannelId { get; init; }

    /// <summary>Notifications with the same id replace each other on the device.</summary>
    public string? CollapseId { get; init; }
}
