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
