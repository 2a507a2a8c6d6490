namespace Bob.Git.Abstractions;

/// <summary>One page of a list, newest first, and the cursor of the next page (<see langword="null"/> on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
