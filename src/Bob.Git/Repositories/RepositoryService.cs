using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>Registers repositories: parses the remote URL into its identity and stores it for the user.</summary>
public sealed partial class RepositoryService(
    IRepositoryStore repositories,
    IGitConnectionStore connections,
    GitInstanceRegistry instances,
    ILogger<RepositoryService>? logger = null,
    RepositoryRegistrations? registrations = null,
    GitAppConnectionService? apps = null,
    RepositoryWebhookService? webhooks = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>The longest remote URL accepted, in characters.</summary>
    public const int MaxRemoteUrlLength = 2048;

    /// <summary>Parses and stores a repository for <paramref name="userId"/>.</summary>
    /// <exception cref="BobValidationException">The name is empty, too long or holds control characters (<c>name</c>), or the remote URL is too long or holds control characters (<c>remoteUrl</c>).</exception>
    /// <exception cref="BobValidationException">The remote URL cannot be parsed, or does not match the connection's instance.</exception>
    /// <exception cref="BobNotFoundException">The connection does not exist, is another user's, or was revoked.</exception>
    /// <exception cref="DuplicateRepositoryException">The user already registered this remote.</exception>
    /// <exception cref="GitAppInstallationUnavailableException">A <c>github-app</c> connection whose installation does not cover the remote, or cannot be used.</exception>
    public async Task<Repository> RegisterAsync(Guid userId, RegisterRepository request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            throw new BobValidationException("name", "A repository name is required and has at most 200 characters.");
        }

        if (TextRules.HasControlCharacters(request.Name))
        {
            throw new BobValidationException("name", "A repository name holds no control characters (NUL, CR, LF, ...).");
        }

        if (request.RemoteUrl is { Length: > MaxRemoteUrlLength })
        {
            throw new BobValidationException("remoteUrl", $"A remote URL has at most {MaxRemoteUrlLength} characters.");
        }

        if (request.RemoteUrl is { } url && TextRules.HasControlCharacters(url))
        {
            throw new BobValidationException("remoteUrl", "A remote URL holds no control characters.");
        }

        var parser = instances.Parser;
        GitConnection? connection = null;
        if (request.ConnectionId is { } connectionId)
        {
            connection = await connections.GetAsync(userId, connectionId, cancellationToken);
            if (connection is null || connection.IsRevoked)
            {
                throw BobNotFoundException.ForConnection(connectionId);
            }

            // The connection's own instance is known even when the host did not configure it.
            parser = parser.With(connection.Instance);
        }

        var parsed = parser.Parse(request.RemoteUrl, request.Provider ?? connection?.Instance.Provider);
        if (connection is not null && !connection.Instance.Equals(parsed.Identity.Instance))
        {
            throw new BobValidationException("remoteUrl", 
                $"The remote is on {parsed.Identity.Instance}, but connection {connection.Id} is for {connection.Instance}.");
        }

        if (connection is not null && apps is not null)
        {
            // A github-app connection's installation must cover the repository (the stored list, else the provider's answer).
            await apps.EnsureCoversAsync(connection, parsed.Identity, cancellationToken);
        }

        var repository = await repositories.AddAsync(userId, request.Name, parsed, request.ConnectionId, cancellationToken);
        registrations?.Announce(repository.Remote);
        LogRegistered(_logger, repository.Id, repository.Remote.Provider, repository.Remote.WebUrl, parsed.HadCredentials);
        if (webhooks is not null)
        {
            // One hook per remote, made (or adopted) when the connection may; otherwise the repository's webhook is manual.
            try
            {
                await webhooks.EnsureAsync(repository, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The registration stands (it is stored); the repair round makes the hook later.
                LogWebhookDeferred(_logger, repository.Id, ex.GetType().Name);
            }
        }

        return repository;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registered repository {RepositoryId}, but its webhook could not be made now ({Error}); the repair round tries again")]
    private static partial void LogWebhookDeferred(ILogger logger, Guid repositoryId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered repository {RepositoryId}: {Provider} {WebUrl} (credentials removed from URL: {HadCredentials})")]
    private static partial void LogRegistered(ILogger logger, Guid repositoryId, GitProvider provider, string webUrl, bool hadCredentials);
}
