namespace Bob.Tasks;

/// <summary>The gate's decision, with a reason for each layer that decided it.</summary>
/// <param name="CreateTask">Whether a task should be created.</param>
/// <param name="Layer">The layer that refused (1 hard requirements, 2 lifecycle, 3 quality), or 0 when it passed.</param>
/// <param name="Reasons">Why, one line per check that failed (or that passed, when it passed).</param>
public sealed record TaskWorthinessDecision(bool CreateTask, int Layer, IReadOnlyList<string> Reasons);
