namespace Bob.Tasks;

/// <summary>A new run, as <c>task.assigned</c> describes it.</summary>
/// <remarks>A <paramref name="UserId"/> that names no Bob user is stored as none (the run then fails, saying so).</remarks>
public sealed record NewTaskRun(Guid? UserId, string WorkspaceId, string TaskId, string TaskIdentifier, string? Title, string? Description, string? TaskUrl, Guid? RepositoryId, Guid? SessionId = null);
