namespace Bob.Git.Abstractions;

/// <summary>
/// A value the caller gave breaks one of the suite's rules before anything is sent or stored: <see cref="Field"/> names it
/// (<c>instanceUrl</c>, <c>token</c>, <c>name</c>, <c>remoteUrl</c>, <c>provider</c>), the message says the rule and quotes at
/// most a short prefix of the value. Hosts answer it as a field error (the sample host: <c>400</c> with <c>errors.{field}</c>).
/// </summary>
public sealed class GitFieldException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception for a field and the rule it breaks.</summary>
    public GitFieldException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitFieldException()
        : base("A value breaks a rule.")
    {
        Field = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitFieldException(string message)
        : base(message)
    {
        Field = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitFieldException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    /// <summary>The field, as the API names it (camelCase).</summary>
    public string Field { get; }

    /// <summary>The rule that was broken (the message).</summary>
    public string Rule => Message;
}
