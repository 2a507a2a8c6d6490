using Bob.Git.Abstractions;

namespace Bob.Webhooks;

/// <summary>
/// What became of a delivery a processor was given: <see cref="Done"/>; <see cref="Retry"/> (a condition that passes: a
/// provider's rate limit or outage), optionally after a given time; or <see cref="DeadLetter"/> (it can never succeed: the
/// payload is not what its source documents, or the provider refused it for good). A <see cref="BobException"/> a processor
/// throws becomes one of these through <see cref="For(BobException, DateTimeOffset)"/>, by its
/// <see cref="BobException.IsTransient"/> alone; any other exception is a fault of ours, retried on the schedule and logged as
/// an error.
/// </summary>
public sealed class WebhookProcessingResult
{
    private WebhookProcessingResult(WebhookProcessingOutcome outcome, string? reason, TimeSpan? retryAfter)
    {
        Outcome = outcome;
        Reason = reason;
        RetryAfter = retryAfter;
    }

    /// <summary>Processed (or nothing to do).</summary>
    public static WebhookProcessingResult Done { get; } = new(WebhookProcessingOutcome.Done, null, null);

    /// <summary>What became of it.</summary>
    public WebhookProcessingOutcome Outcome { get; }

    /// <summary>Why it is retried or dead-lettered; stored as the delivery's error, so it names no secrets.</summary>
    public string? Reason { get; }

    /// <summary>When to try again, for <see cref="WebhookProcessingOutcome.Retry"/>; <see langword="null"/>: the retry schedule decides.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Try again later: after <paramref name="after"/>, or when the retry schedule says. Counts as a failed attempt.</summary>
    public static WebhookProcessingResult Retry(string reason, TimeSpan? after = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (after < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(after), after, "A retry cannot be in the past.");
        }

        return new(WebhookProcessingOutcome.Retry, reason, after);
    }

    /// <summary>Never try again: it can never succeed. An admin can still replay it.</summary>
    public static WebhookProcessingResult DeadLetter(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(WebhookProcessingOutcome.DeadLetter, reason, null);
    }

    /// <inheritdoc />
    public override string ToString() => Reason is null ? Outcome.ToString() : $"{Outcome}: {Reason}";

    /// <summary>
    /// What a failure of the suite means for a delivery, by <see cref="BobException.IsTransient"/> alone: a transient one is
    /// retried (after a provider's rate-limit reset, when it named one), any other is dead-lettered with its message.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="now">The time now, to turn a reset time into a delay.</param>
    public static WebhookProcessingResult For(BobException exception, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = TextRules.Excerpt(exception.Message.Length > 0 ? exception.Message : exception.Title, 500);
        if (!exception.IsTransient)
        {
            return DeadLetter(reason);
        }

        var after = exception is GitProviderException { ResetAt: { } reset } ? reset - now : (TimeSpan?)null;
        return Retry(reason, after > TimeSpan.Zero ? after : null);
    }
}
