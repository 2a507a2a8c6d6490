namespace Bob.Webhooks;

/// <summary>
/// The store refused a delivery's body as JSON (a syntax error past what the receiver checked, invalid UTF-8, nesting
/// too deep). Receivers answer 400; nothing is stored.
/// </summary>
public sealed class InvalidWebhookPayloadException : Exception
{
    /// <summary>Creates the exception with the reason, which never contains the body.</summary>
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
