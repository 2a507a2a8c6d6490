using Bob.Git.Abstractions;
namespace Bob.Webhooks;

/// <summary>
/// The store refused a delivery's body as JSON (a syntax error past what the receiver checked, invalid UTF-8, nesting too
/// deep); receivers answer 400 and nothing is stored. A processor that finds a stored payload invalid answers
/// <see cref="WebhookProcessingResult.DeadLetter"/> instead.
/// </summary>
public sealed class InvalidWebhookPayloadException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception with the reason, which never contains the body (at most a short quote of a value).</summary>
    public InvalidWebhookPayloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidWebhookPayloadException()
        : base("The body is not valid JSON.")
    {
    }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public InvalidWebhookPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
