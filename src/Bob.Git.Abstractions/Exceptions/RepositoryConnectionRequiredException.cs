namespace Bob.Git.Abstractions;

/// <summary>The operation needs the repository's provider connection (a push, a pull request) and the repository has none: set one with <c>PUT /api/repositories/{id}/connection</c>.</summary>
public sealed class RepositoryConnectionRequiredException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => "The repository needs a connection";

    /// <summary>Creates the exception with a generic message.</summary>
    public RepositoryConnectionRequiredException()
        : base("The repository has no provider connection.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RepositoryConnectionRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RepositoryConnectionRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
