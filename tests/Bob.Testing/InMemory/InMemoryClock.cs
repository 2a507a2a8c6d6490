namespace Bob.Testing;

/// <summary>
/// What the in-memory stores share: a strictly increasing creation time at PostgreSQL's precision (microseconds), so rows
/// made one after another sort as they would in the database, and PostgreSQL's order of uuids (their bytes as written).
/// </summary>
public static class InMemoryClock
{
    private static long _last;

    /// <summary>A time after every other this process handed out, at microsecond precision.</summary>
    public static DateTimeOffset Next(TimeProvider? timeProvider = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcTicks / 10 * 10;
        long last, next;
        do
        {
            last = Interlocked.Read(ref _last);
            next = Math.Max(now, last + 10);
        }
        while (Interlocked.CompareExchange(ref _last, next, last) != last);
        return new DateTimeOffset(next, TimeSpan.Zero);
    }

    /// <summary>Orders uuids as PostgreSQL does: by their canonical text.</summary>
    public static int CompareIds(Guid a, Guid b) => string.CompareOrdinal(a.ToString("N"), b.ToString("N"));

    /// <summary>Newest first, ties by id descending: the order of every paged list.</summary>
    public static int NewestFirst(DateTimeOffset aAt, Guid aId, DateTimeOffset bAt, Guid bId)
    {
        var byTime = bAt.CompareTo(aAt);
        return byTime != 0 ? byTime : CompareIds(bId, aId);
    }

    /// <summary>Whether a row at (<paramref name="at"/>, <paramref name="id"/>) comes after <paramref name="key"/> in newest-first order.</summary>
    public static bool IsAfter(DateTimeOffset at, Guid id, Bob.Git.Abstractions.PageKey? key) =>
        key is not { } k || at < k.CreatedAt || (at == k.CreatedAt && CompareIds(id, k.Id) < 0);
}
