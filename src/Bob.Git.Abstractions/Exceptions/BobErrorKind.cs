namespace Bob.Git.Abstractions;

/// <summary>What kind of failure a <see cref="BobException"/> is: what a caller can do about it, and what an HTTP edge answers.</summary>
public enum BobErrorKind
{
    /// <summary>A value the caller gave breaks a rule (HTTP 400).</summary>
    Invalid = 1,

    /// <summary>What was asked for does not exist, or is another user's (404).</summary>
    NotFound = 2,

    /// <summary>It conflicts with the state of things: a duplicate, a missing prerequisite, a refused push (409).</summary>
    Conflict = 3,

    /// <summary>A provider refused the credential it was given (the caller's own authentication is fine: 422).</summary>
    Unauthorized = 4,

    /// <summary>A provider refused the operation to this credential (403).</summary>
    Forbidden = 5,

    /// <summary>Well-formed but refused by a rule or by the provider: an instance not allowed, a provider's validation (422).</summary>
    Rejected = 6,

    /// <summary>A rate limit is exhausted; try again after it resets (429). Transient.</summary>
    RateLimited = 7,

    /// <summary>A dependency (a provider, a git remote, the tracker, Expo) could not be reached or did not answer in time (502). Transient.</summary>
    Unavailable = 8,

    /// <summary>A dependency answered with a failure that is not the caller's (502).</summary>
    Failed = 9,

    /// <summary>The host's configuration or database is not as it must be (500: an operator fixes it).</summary>
    Configuration = 10,
}
