namespace Bob.Tasks;

/// <summary>A run was cancelled.</summary>
/// <param name="RunId">The run.</param>
/// <param name="SessionId">Its session, if it had one.</param>
public sealed record TaskAgentCancel(Guid RunId, Guid? SessionId);
