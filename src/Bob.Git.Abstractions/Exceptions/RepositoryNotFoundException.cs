namespace Bob.Git.Abstractions;

/// <summary>The repository does not exist or belongs to another user (the two are not told apart).</summary>
public sealed class RepositoryNotFoundException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.NotFound;

    /// <summary>Creates the exception for a repository id.</summary>
    public RepositoryNotFoundException(Guid repositoryId)
        : base($"Repository {repositoryId} was not found.")
    {
        RepositoryId = repositoryId;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public RepositoryNotFoundException()
        : base("The repository was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RepositoryNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RepositoryNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The repository id asked for.</summary>
    public Guid? RepositoryId { get; }
}
