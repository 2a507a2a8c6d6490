namespace Bob.Git.Abstractions;

/// <summary>Stores sessions and their worktrees. Every read is scoped to one user: another user's id is simply not found.</summary>
public interface ISessionStore
{
    /// <summary>Creates a session.</summary>
    Task<Session> CreateAsync(Guid userId, Guid? repositoryId, string? title, CancellationToken cancellationToken = default);

    /// <summary>The user's session, or <see langword="null"/>.</summary>
    Task<Session?> GetAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>The user's sessions, newest first, after <paramref name="after"/> (keyset pagination).</summary>
    Task<IReadOnlyList<Session>> ListAsync(Guid userId, int limit, PageKey? after, CancellationToken cancellationToken = default);

    /// <summary>Records a worktree that was added on disk.</summary>
    Task<Worktree> AddWorktreeAsync(Worktree worktree, CancellationToken cancellationToken = default);

    /// <summary>Whether a worktree of the repository already has the branch (added by any host, whatever its work directory).</summary>
    Task<bool> IsBranchTakenAsync(Guid repositoryId, string branch, CancellationToken cancellationToken = default);

    /// <summary>The user's worktree, or <see langword="null"/>.</summary>
    Task<Worktree?> GetWorktreeAsync(Guid userId, Guid worktreeId, CancellationToken cancellationToken = default);

    /// <summary>The session's worktrees, newest first.</summary>
    Task<IReadOnlyList<Worktree>> ListWorktreesAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);
}

/// <summary>Where a keyset page starts: after the row with this creation time and id (newest first).</summary>
public readonly record struct PageKey(DateTimeOffset CreatedAt, Guid Id)
{
    /// <summary>The opaque cursor of this key.</summary>
    public string ToCursor()
    {
        Span<byte> bytes = stackalloc byte[24];
        BitConverter.TryWriteBytes(bytes, CreatedAt.UtcTicks);
        Id.TryWriteBytes(bytes[8..]);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a cursor made by <see cref="ToCursor"/>.</summary>
    /// <exception cref="GitFieldException">(<c>cursor</c>) It is not one.</exception>
    public static PageKey? FromCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[24];
        if (cursor.Length != 32 || !System.Buffers.Text.Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 24)
        {
            throw new GitFieldException("cursor", "The cursor is not one this list gave out.");
        }

        var ticks = BitConverter.ToInt64(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new GitFieldException("cursor", "The cursor is not one this list gave out.");
        }

        return new PageKey(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..]));
    }
}
