namespace Bob.Webhooks;

/// <summary>
/// A delivery's body is not a valid payload. From the store: it is not JSON (a syntax error past what the receiver checked,
/// invalid UTF-8, nesting too deep); receivers answer 400 and nothing is stored. From a processor: it is JSON but not of the
/// shape its source documents, or a value lies outside its domain (a pull request number of -1, a date in the year 20000);
/// the worker dead-letters it at once with this message, since no retry can make it valid.
/// </summary>
public sealed class InvalidWebhookPayloadException : Exception
{
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
