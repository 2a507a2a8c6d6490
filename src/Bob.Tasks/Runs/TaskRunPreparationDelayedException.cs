using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>A step of preparing a run failed for a while (a provider or remote unreachable): try again later.</summary>
public sealed class TaskRunPreparationDelayedException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Unavailable;

    /// <summary>Creates the exception.</summary>
    public TaskRunPreparationDelayedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TaskRunPreparationDelayedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TaskRunPreparationDelayedException(string message)
        : base(message)
    {
    }
}
