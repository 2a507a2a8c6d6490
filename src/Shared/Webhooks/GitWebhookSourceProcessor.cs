using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bob.Webhooks;

/// <summary>
/// The processor of a git provider's webhook source: hands payloads to that provider's <see cref="IGitWebhookPayloadParser"/>
/// and the resulting provider-neutral event to every <see cref="IGitWebhookEventHandler"/>. Provider packages use it as their
/// source's <see cref="WebhookSourceDefinition.CreateProcessor"/> (<see cref="Factory"/>). With no handler registered, nothing
/// needs processing.
/// </summary>
/// <remarks>Compiled into each provider package; internal.</remarks>
internal sealed partial class GitWebhookSourceProcessor(
    IGitWebhookPayloadParser parser,
    IEnumerable<IGitWebhookEventHandler> handlers,
    RemoteUrlParser remotes,
    ILogger<GitWebhookSourceProcessor> logger,
    TimeProvider? timeProvider = null) : IWebhookSourceProcessor
{
    private readonly IGitWebhookEventHandler[] _handlers = handlers.ToArray();
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>A <see cref="WebhookSourceDefinition.CreateProcessor"/> for the provider whose parser is registered in the host.</summary>
    /// <param name="provider">The provider whose <see cref="IGitWebhookPayloadParser"/> parses the source's payloads.</param>
    public static Func<IServiceProvider, IWebhookSourceProcessor> Factory(GitProvider provider) => services =>
    {
        var parser = services.GetServices<IGitWebhookPayloadParser>().FirstOrDefault(p => p.Provider == provider)
            ?? throw new InvalidOperationException($"No webhook payload parser is registered for {provider}; register the provider with AddBobGit().Add{provider}().");
        return new GitWebhookSourceProcessor(
            parser,
            services.GetServices<IGitWebhookEventHandler>(),
            services.GetService<RemoteUrlParser>() ?? RemoteUrlParser.Default,
            services.GetRequiredService<ILogger<GitWebhookSourceProcessor>>(),
            services.GetService<TimeProvider>());
    };

    /// <inheritdoc />
    public bool Handles(string eventType) => _handlers.Length > 0 && parser.Handles(eventType);

    /// <inheritdoc />
    /// <remarks>
    /// A payload the parser refuses (not the documented shape, a value outside its domain) is dead-lettered with the parser's
    /// reason; a provider that is rate-limited or unavailable while a handler calls it makes a retry (after the rate limit's
    /// reset when it gives one). Anything else a handler throws is a fault and propagates.
    /// </remarks>
    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
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

        // A provider's refusal or outage is a BobException: the worker retries or dead-letters it by IsTransient.
        foreach (var handler in _handlers)
        {
            await handler.HandleAsync(gitEvent, cancellationToken);
        }

        return WebhookProcessingResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source} {EventType} delivery {Id} is not handled; marked processed")]
    private static partial void LogUnhandled(ILogger logger, string source, string eventType, Guid id);
}
