namespace Bob.Webhooks;

/// <summary>The kinds of <see cref="WebhookProcessingResult"/>.</summary>
public enum WebhookProcessingOutcome
{
    /// <summary>Processed.</summary>
    Done = 0,

    /// <summary>Try again later.</summary>
    Retry,

    /// <summary>Never try again.</summary>
    DeadLetter,
}
