using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;

namespace Bob.Git;

/// <summary>
/// Whether a review's or comment's author steers the agent (issue 20): only someone the provider says may write to the
/// repository (<see cref="IGitProviderClient.CanWriteAsync"/>), asked through the repository's own connection. Answers are
/// reused for <see cref="CacheLifetime"/> per remote and author; a repository without a connection, or a provider that
/// cannot answer, trusts nobody. Everything else is stored and shown, marked untrusted, and goes no further.
/// </summary>
public sealed partial class ReviewerTrust(IGitAccessTokenProvider accessTokens, TimeProvider timeProvider, ILogger<ReviewerTrust> logger)
{
    /// <summary>How long an answer is reused per remote and author (the issue allows at most five minutes).</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    private readonly Internal.ShortLivedCache<string, bool> _answers = new(CacheLifetime, timeProvider);

    /// <summary>Whether <paramref name="author"/> may write to <paramref name="repository"/>'s remote.</summary>
    public async Task<bool> IsTrustedAsync(Repository repository, string author, string? authorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.ConnectionId is not { } connectionId || string.IsNullOrWhiteSpace(author))
        {
            return false;
        }

        var remote = repository.Remote;
        var key = $"{remote.Provider}|{remote.InstanceUrl}|{remote.Owner.ToLowerInvariant()}|{remote.Name.ToLowerInvariant()}|{author.ToLowerInvariant()}|{authorId}";
        try
        {
            return await _answers.GetOrLoadAsync(key, async _ =>
            {
                var client = await accessTokens.CreateClientAsync(repository.UserId, connectionId, remote, cancellationToken).ConfigureAwait(false);
                return await client.CanWriteAsync(remote, author, authorId, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BobException ex) when (!ex.IsTransient)
        {
            // A connection that cannot ask (revoked, refused) trusts nobody; a transient failure is retried by the delivery.
            LogUnanswered(logger, author, remote.WebUrl, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Whether {Author} may write to {Repository} could not be asked ({Reason}); not trusted")]
    private static partial void LogUnanswered(ILogger logger, string author, string repository, string reason);
}
