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
    ILogger<WebhookProcessor> logger,
    TimeProvider? timeProvider = null) : IWebhookProcessor
{
    private readonly Dictionary<GitProvider, IGitWebhookPayloadParser> _parsers = parsers.ToDictionary(p => p.Provider);
    private readonly IGitWebhookEventHandler[] _handlers = handlers.ToArray();
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public bool Handles(WebhookSource source, string eventType) =>
        _handlers.Length > 0 && ParserFor(source) is { } parser && parser.Handles(eventType);

    /// <inheritdoc />
    /// <remarks>
    /// A payload the parser refuses (not the documented shape, a value outside its domain) is dead-lettered with the parser's
    /// reason; a provider that is rate-limited or unavailable while a handler calls it makes a retry (after the rate limit's
    /// reset when it gives one). Anything else a handler throws is a fault and propagates.
    /// </remarks>
    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (ParserFor(delivery.Source) is not { } parser)
        {
            LogUnhandled(logger, delivery.Source, delivery.EventType, delivery.Id);
            return WebhookProcessingResult.Done;
        }

        GitWebhookEvent? gitEvent;
        try
        {
            gitEvent = parser.Parse(delivery.EventType, delivery.Payload, remotes);
        }
        catch (FormatException ex)
        {
            // The parser's verdict alone means "invalid payload": its contract documents FormatException for exactly that.
            return WebhookProcessingResult.DeadLetter(ex.Message);
        }

        if (gitEvent is null)
        {
            LogUnhandled(logger, delivery.Source, delivery.EventType, delivery.Id);
            return WebhookProcessingResult.Done;
        }

        try
        {
            foreach (var handler in _handlers)
            {
                await handler.HandleAsync(gitEvent, cancellationToken);
            }
        }
        catch (ProviderRateLimitedException ex)
        {
            var after = ex.ResetAt is { } reset ? reset - _timeProvider.GetUtcNow() : (TimeSpan?)null;
            return WebhookProcessingResult.Retry(ex.Message, after > TimeSpan.Zero ? after : null);
        }
        catch (ProviderUnavailableException ex)
        {
            return WebhookProcessingResult.Retry(ex.Message);
        }

        return WebhookProcessingResult.Done;
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
