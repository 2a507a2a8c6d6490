using Bob.Git.Abstractions;

namespace Bob.Git.Internal;

/// <summary>Keyset pages: a store is asked for one row more than the page holds, which says whether a next page exists.</summary>
internal static class Paging
{
    /// <summary>The page of <paramref name="items"/> (read with a limit of <paramref name="size"/> + 1) and the cursor after it.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> items, int size, Func<T, PageKey> key) =>
        items.Count > size
            ? new Page<T>(items.Take(size).ToArray(), key(items[size - 1]).ToCursor())
            : new Page<T>(items, null);
}
