namespace Bob.Postgres;

/// <summary>A user of a host that has no user system of its own (the sample host).</summary>
/// <param name="Id">The user id.</param>
/// <param name="Name">The display name.</param>
/// <param name="IsAdmin">Whether the user may use admin endpoints.</param>
/// <param name="CreatedAt">When the user was created.</param>
public sealed record User(Guid Id, string Name, bool IsAdmin, DateTimeOffset CreatedAt);
