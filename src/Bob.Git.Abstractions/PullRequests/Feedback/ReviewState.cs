namespace Bob.Git.Abstractions;

/// <summary>A review's state, as the providers name it.</summary>
public enum ReviewState
{
    /// <summary>A review with comments only: it neither approves nor asks for changes.</summary>
    Commented = 1,

    /// <summary>Approved.</summary>
    Approved = 2,

    /// <summary>Changes requested.</summary>
    ChangesRequested = 3,

    /// <summary>Dismissed: it no longer counts.</summary>
    Dismissed = 4,
}
