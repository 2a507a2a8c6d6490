using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bob.Webhooks;

/// <summary>
/// The default <see cref="IWebhookProcessor"/>: hands each delivery to its source's <see cref="IWebhookSourceProcessor"/>
/// (built once, from <see cref="WebhookSourceDefinition.CreateProcessor"/>). Deliveries of a source without a processor, or
/// of a source no longer registered, are simply processed.
/// </summary>
public sealed partial class WebhookProcessor(WebhookSources sources, IServiceProvider services, ILogger<WebhookProcessor> logger) : IWebhookProcessor
{
    private readonly ConcurrentDictionary<string, IWebhookSourceProcessor?> _processors = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool Handles(string source, string eventType) => ProcessorFor(source) is { } processor && processor.Handles(eventType);

    /// <inheritdoc />
    public Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (ProcessorFor(delivery.Source) is { } processor)
        {
            return processor.ProcessAsync(delivery, cancellationToken);
        }

        LogUnhandled(logger, delivery.Source, delivery.EventType, delivery.Id);
        return Task.FromResult(WebhookProcessingResult.Done);
    }

    private IWebhookSourceProcessor? ProcessorFor(string source) => _processors.GetOrAdd(
        source,
        name => sources.TryGet(name, out var definition) ? definition.CreateProcessor?.Invoke(services) : null);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source} {EventType} delivery {Id} has no processor; marked processed")]
    private static partial void LogUnhandled(ILogger logger, string source, string eventType, Guid id);
}
