namespace Bob.Git.Abstractions;

/// <summary>
/// What was asked for does not exist, or belongs to another user (which an API answers the same way, so ids of other users'
/// rows reveal nothing): a repository, a session, a worktree, a pull request or a connection, named by <see cref="Resource"/>.
/// </summary>
public sealed class BobNotFoundException : BobException
{
    /// <summary>The <see cref="Resource"/> of a repository.</summary>
    public const string Repository = "repository";

    /// <summary>The <see cref="Resource"/> of a session.</summary>
    public const string Session = "session";

    /// <summary>The <see cref="Resource"/> of a worktree.</summary>
    public const string Worktree = "worktree";

    /// <summary>The <see cref="Resource"/> of a pull request.</summary>
    public const string PullRequest = "pull request";

    /// <summary>The <see cref="Resource"/> of a provider connection (a revoked one is not found either).</summary>
    public const string Connection = "connection";

    /// <summary>Creates the exception for a resource and its id, with a message saying so.</summary>
    public BobNotFoundException(string resource, Guid id, string? message = null)
        : base(message ?? DefaultMessage(resource, id))
    {
        Resource = resource;
        Id = id;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BobNotFoundException()
        : base("It was not found.")
    {
        Resource = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public BobNotFoundException(string message)
        : base(message)
    {
        Resource = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BobNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Resource = "";
    }

    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.NotFound;

    /// <summary>What was not found: <see cref="Repository"/>, <see cref="Session"/>, <see cref="Worktree"/>, <see cref="PullRequest"/> or <see cref="Connection"/> (empty when not said).</summary>
    public string Resource { get; }

    /// <summary>Its id, when said.</summary>
    public Guid? Id { get; }

    /// <summary>A repository that is not found.</summary>
    public static BobNotFoundException ForRepository(Guid id) => new(Repository, id);

    /// <summary>A session that is not found.</summary>
    public static BobNotFoundException ForSession(Guid id) => new(Session, id);

    /// <summary>A pull request that is not found.</summary>
    public static BobNotFoundException ForPullRequest(Guid id) => new(PullRequest, id);

    /// <summary>A connection that is not found or has been revoked.</summary>
    public static BobNotFoundException ForConnection(Guid id) => new(Connection, id);

    private static string DefaultMessage(string resource, Guid id) => resource switch
    {
        Connection => $"Connection {id} was not found or has been revoked.",
        PullRequest => $"Pull request {id} was not found.",
        _ => $"{char.ToUpperInvariant(resource[0])}{resource[1..]} {id} was not found.",
    };
}
