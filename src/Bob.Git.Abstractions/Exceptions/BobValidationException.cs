namespace Bob.Git.Abstractions;

/// <summary>
/// A value the caller gave breaks one of the suite's rules before anything is sent or stored (<see cref="BobErrorKind.Invalid"/>).
/// <see cref="Field"/> names the value when there is one (<c>instanceUrl</c>, <c>token</c>, <c>name</c>, <c>remoteUrl</c>,
/// <c>provider</c>, <c>connectionId</c>, <c>state</c>, <c>body</c>); the message says the rule and quotes at most a short prefix
/// of the value. Hosts answer it as a field error (the sample host: <c>400</c> with <c>errors.{field}</c>).
/// </summary>
public sealed class BobValidationException : BobException
{
    /// <summary>The field an OAuth state travels in: a state that is unknown, used, expired or another user's.</summary>
    public const string StateField = "state";

    /// <summary>The field of a request or webhook body that is not the JSON it must be.</summary>
    public const string BodyField = "body";

    /// <summary>Creates the exception for the value of <paramref name="field"/>, with the rule it breaks.</summary>
    /// <param name="field">The name of the field, as the caller spelled it in the request.</param>
    /// <param name="message">The rule the value breaks; never the whole value.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BobValidationException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
    }

    /// <summary>Creates the exception with a generic message and no field.</summary>
    public BobValidationException()
        : base("A value breaks a rule.")
    {
        Field = "";
    }

    /// <summary>Creates the exception with a message and no field.</summary>
    public BobValidationException(string message)
        : base(message)
    {
        Field = "";
    }

    /// <summary>Creates the exception with a message, a cause and no field.</summary>
    public BobValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>The field whose value breaks the rule, or empty when the rule is about the request as a whole.</summary>
    public string Field { get; }

    /// <summary>The rule the value breaks (the message).</summary>
    public string Rule => Message;
}
