using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>Sessions (plan 1.6): create, read and list a user's sessions.</summary>
public sealed class SessionService(ISessionStore sessions, IRepositoryStore repositories)
{
    /// <summary>The longest title kept.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The default and largest page sizes of lists.</summary>
    public const int DefaultPageSize = 50, MaxPageSize = 200;

    /// <summary>Creates a session, on one of the user's repositories if given.</summary>
    /// <exception cref="BobValidationException">(<c>title</c>) Too long or with control characters.</exception>
    /// <exception cref="BobNotFoundException">No such repository for this user.</exception>
    public async Task<Session> CreateAsync(Guid userId, Guid? repositoryId, string? title, CancellationToken cancellationToken = default)
    {
        title = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        if (title is { Length: > MaxTitleLength } || (title is not null && TextRules.HasControlCharacters(title)))
        {
            throw new BobValidationException("title", $"A session title has at most {MaxTitleLength} characters and no control characters.");
        }

        if (repositoryId is { } id && await repositories.GetAsync(userId, id, cancellationToken).ConfigureAwait(false) is null)
        {
            throw BobNotFoundException.ForRepository(id);
        }

        return await sessions.CreateAsync(userId, repositoryId, title, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user's session.</summary>
    /// <exception cref="BobNotFoundException">No such session for this user.</exception>
    public async Task<Session> GetAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default) =>
        await sessions.GetAsync(userId, sessionId, cancellationToken).ConfigureAwait(false) ?? throw BobNotFoundException.ForSession(sessionId);

    /// <summary>The user's sessions, newest first, a page at a time.</summary>
    /// <exception cref="BobValidationException">(<c>limit</c>, <c>cursor</c>) Out of range, or not a cursor this list gave out.</exception>
    public async Task<Page<Session>> ListAsync(Guid userId, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var size = PageSize(limit);
        var items = await sessions.ListAsync(userId, size + 1, PageKey.FromCursor(cursor), cancellationToken).ConfigureAwait(false);
        return Internal.Paging.Of(items, size, s => new PageKey(s.CreatedAt, s.Id));
    }

    /// <summary>A list's page size: <paramref name="limit"/>, or <see cref="DefaultPageSize"/>.</summary>
    /// <exception cref="BobValidationException">(<c>limit</c>) Not between 1 and <see cref="MaxPageSize"/>.</exception>
    public static int PageSize(int? limit) => limit switch
    {
        null => DefaultPageSize,
        >= 1 and <= MaxPageSize => limit.Value,
        _ => throw new BobValidationException("limit", $"limit is between 1 and {MaxPageSize}."),
    };
}
