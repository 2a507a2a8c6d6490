namespace Bob.Git.Abstractions;

/// <summary>The user already registered this remote repository.</summary>
public sealed class DuplicateRepositoryException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <summary>Creates the exception for the existing repository.</summary>
    public DuplicateRepositoryException(RemoteRepositoryIdentity remote, Guid existingRepositoryId)
        : base($"The repository {remote} is already registered (id {existingRepositoryId}).")
    {
        ExistingRepositoryId = existingRepositoryId;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DuplicateRepositoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public DuplicateRepositoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public DuplicateRepositoryException()
        : base("The repository is already registered.")
    {
    }

    /// <summary>The id of the repository already registered, when known.</summary>
    public Guid? ExistingRepositoryId { get; }
}
