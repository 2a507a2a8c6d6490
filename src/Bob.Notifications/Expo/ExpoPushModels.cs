using Bob.Git.Abstractions;
using System.Text.Json.Nodes;

namespace Bob.Notifications;

/// <summary>
/// Where and how the Expo push service is called (configuration <c>Expo</c>): <c>Expo:AccessToken</c> is sent as
/// <c>Authorization: Bearer</c> when set (projects with enhanced push security require it).
/// </summary>
public sealed class ExpoPushOptions
{
    /// <summary>The service's base URL; <c>https://exp.host</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://exp.host/");

    /// <summary>The access token, if the project requires one.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Requests in flight at once per host, as the official SDK allows (6).</summary>
    public int MaxConcurrentRequests { get; set; } = 6;

    /// <summary>How many times a request answered 429 or 5xx (or not answered) is tried again (2, as the SDK).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay, doubled for each next one unless Expo says <c>Retry-After</c> (1 s, as the SDK).</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after sending a push its receipt is asked for (<c>Expo:ReceiptDelaySeconds</c>, SPEC §2; 900, as Expo advises).</summary>
    public int ReceiptDelaySeconds { get; set; } = 900;

    /// <inheritdoc />
    public override string ToString() => $"Expo {BaseUrl} (access token {(AccessToken is null ? "unset" : "set")})";
}

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

/// <summary>What Expo said about one recipient of a message: accepted (with a receipt id) or refused (with the reason).</summary>
/// <param name="Token">The recipient.</param>
/// <param name="Ok">Whether Expo accepted it.</param>
/// <param name="ReceiptId">The receipt to fetch later, when accepted.</param>
/// <param name="Error">The error code when refused (<c>DeviceNotRegistered</c>, <c>MessageTooBig</c>, <c>MessageRateExceeded</c>, <c>InvalidCredentials</c>, ...).</param>
/// <param name="Message">Expo's message when refused.</param>
public sealed record ExpoPushTicket(string Token, bool Ok, string? ReceiptId, string? Error, string? Message);

/// <summary>A receipt: whether Expo handed the notification to Apple or Google.</summary>
/// <param name="Ok">Whether it was delivered to the provider.</param>
/// <param name="Error">The error code otherwise.</param>
/// <param name="Message">Expo's message otherwise.</param>
/// <param name="ExpoPushToken">The recipient, when Expo names it (with <c>DeviceNotRegistered</c>).</param>
public sealed record ExpoPushReceipt(bool Ok, string? Error, string? Message, string? ExpoPushToken);

/// <summary>Expo refused a request (not one recipient), or answered with something that is not its API's shape.</summary>
public sealed class ExpoPushException : BobException
{
    /// <summary>Creates the exception.</summary>
    public ExpoPushException(string message, int? statusCode, string? code = null)
        : base(message) => (StatusCode, Code) = (statusCode, code);

    /// <summary>Creates the exception.</summary>
    public ExpoPushException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoPushException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoPushException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Expo's status code, if it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>Expo's error code (<c>PUSH_TOO_MANY_EXPERIENCE_IDS</c>, <c>TOO_MANY_REQUESTS</c>, ...), if it gave one.</summary>
    public string? Code { get; }

    /// <summary>Whether trying again later may succeed (429, 5xx, no answer).</summary>
    public override bool IsTransient => StatusCode is null or 429 or >= 500;

    /// <inheritdoc />
    public override BobErrorKind Kind => StatusCode switch
    {
        429 => BobErrorKind.RateLimited,
        null or >= 500 => BobErrorKind.Unavailable,
        _ => BobErrorKind.Rejected,
    };
}

/// <summary>A message is larger than Expo's 4096 bytes; refused before anything is sent.</summary>
public sealed class ExpoMessageTooBigException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException(int index, int bytes)
        : base($"Push message {index} is {bytes} bytes; Expo takes at most {ExpoPushClient.MaxMessageBytes}. Shorten its title, body or data.") =>
        (Index, Bytes) = (index, bytes);

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The message's index in the call.</summary>
    public int Index { get; }

    /// <summary>Its size.</summary>
    public int Bytes { get; }
}

