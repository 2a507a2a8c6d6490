using Bob.Git.Abstractions;
namespace Bob.Postgres;

/// <summary>A migration script failed to apply.</summary>
public sealed class DatabaseMigrationException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Configuration;

    /// <summary>Creates the exception.</summary>
    public DatabaseMigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public DatabaseMigrationException()
        : base("A database migration failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DatabaseMigrationException(string message)
        : base(message)
    {
    }
}
