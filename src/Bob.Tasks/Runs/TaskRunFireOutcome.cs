namespace Bob.Tasks;

/// <summary>What firing a trigger did.</summary>
public enum TaskRunFireOutcome
{
    /// <summary>The table allows it: the run moved (or, for a recording trigger, stayed) as the row says.</summary>
    Moved = 1,

    /// <summary>The run is in a terminal status, which absorbs every trigger: nothing changes, nothing is refused.</summary>
    Absorbed = 2,

    /// <summary>The table does not allow the trigger from the run's status: nothing changes (the API answers 409).</summary>
    Refused = 3,

    /// <summary>The move's guard does not hold (the pull request is already linked): it has happened already, nothing changes.</summary>
    Ignored = 4,
}
