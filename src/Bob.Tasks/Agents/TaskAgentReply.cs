namespace Bob.Tasks;

/// <summary>A reply to a run's agent.</summary>
/// <param name="RunId">The run.</param>
/// <param name="SessionId">The run's session.</param>
/// <param name="CommentId">The reply's id (the dedupe key of this call).</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Body">What they wrote.</param>
public sealed record TaskAgentReply(Guid RunId, Guid SessionId, string CommentId, string Author, string Body);
