using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;

namespace Bob.Webhooks;

/// <summary>
/// The default <see cref="IWebhookProcessor"/>: hands git provider payloads to the provider package's parser and the
/// resulting provider-neutral event to every <see cref="IGitWebhookEventHandler"/>. Events no parser handles, and sources
/// with no handler yet (Kanbanger), are simply processed.
/// </summary>
public sealed partial class WebhookProcessor(
    IEnumerable<IGitWebhookPayloadParser> parsers,
    IEnumerable<IGitWebhookEventHandler> handlers,
    RemoteUrlParser remotes,
    ILogger<WebhookProcessor> logger) : IWebhookProcessor
{
    private readonly Dictionary<GitProvider, IGitWebhookPayloadParser> _parsers = parsers.ToDictionary(p => p.Provider);
    private readonly IGitWebhookEventHandler[] _handlers = handlers.ToArray();

    /// <inheritdoc />
    public bool Handles(WebhookSource source, string eventType) =>
        _handlers.Length > 0 && ParserFor(source) is { } parser && parser.Handles(eventType);

    /// <inheritdoc />
    public async Task ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (ParserFor(delivery.Source) is not { } parser)
        {
            LogUnhandled(logger, delivery.Source, delivery.EventType, delivery.Id);
            return;
        }

        GitWebhookEvent? gitEvent;
        try
        {
            gitEvent = parser.Parse(delivery.EventType, delivery.Payload, remotes);
        }
        catch (FormatException ex)
        {
            // Only the parser's verdict means "invalid payload"; a FormatException from a handler or a store is a fault and retried.
            throw new InvalidWebhookPayloadException(ex.Message, ex);
        }

        if (gitEvent is null)
        {
            LogUnhandled(logger, delivery.Source, delivery.EventType, delivery.Id);
            return;
        }

        foreach (var handler in _handlers)
        {
            await handler.HandleAsync(gitEvent, cancellationToken);
        }
    }

    private IGitWebhookPayloadParser? ParserFor(WebhookSource source)
    {
        GitProvider? provider = source switch
        {
            WebhookSource.GitHub => GitProvider.GitHub,
            WebhookSource.GitLab => GitProvider.GitLab,
            WebhookSource.Gitea => GitProvider.Gitea,
            _ => null,
        };
        return provider is { } p && _parsers.TryGetValue(p, out var parser) ? parser : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source} {EventType} delivery {Id} is not handled; marked processed")]
    private static partial void LogUnhandled(ILogger logger, WebhookSource source, string eventType, Guid id);
}
