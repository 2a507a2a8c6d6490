using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Webhooks.Tests.Processing;

/// <summary>Which deliveries need a worker: the receivers store every other one already processed.</summary>
public sealed class WebhookProcessorTests
{
    private static WebhookProcessor Processor(bool withHandler) => new(
        [new OnlyPushParser()],
        withHandler ? [new NoopHandler()] : [],
        RemoteUrlParser.Default,
        NullLogger<WebhookProcessor>.Instance);

    [Fact]
    public void Handles_TheEventsItsProvidersParserHandles()
    {
        var processor = Processor(withHandler: true);

        Assert.True(processor.Handles(WebhookSource.GitHub, "push"));
        Assert.False(processor.Handles(WebhookSource.GitHub, "ping"));
    }

    [Fact]
    public void Handles_NothingFromAProviderWithoutAParser_OrFromKanbangerYet()
    {
        var processor = Processor(withHandler: true);

        Assert.False(processor.Handles(WebhookSource.GitLab, "push"));
        Assert.False(processor.Handles(WebhookSource.Kanbanger, "issue.created"));
    }

    [Fact]
    public void Handles_NothingWhenNoEventHandlerIsRegistered() =>
        Assert.False(Processor(withHandler: false).Handles(WebhookSource.GitHub, "push"));

    private static readonly ClaimedDelivery Push = new(Guid.NewGuid(), WebhookSource.GitHub, "push", "d-1", "{}"u8.ToArray(), 0);

    private static WebhookProcessor Processor(IGitWebhookPayloadParser parser, IGitWebhookEventHandler handler, TimeProvider? clock = null) =>
        new([parser], [handler], RemoteUrlParser.Default, NullLogger<WebhookProcessor>.Instance, clock);

    [Fact]
    public async Task ParserRefusal_IsADeadLetter_WithTheParsersReason()
    {
        var result = await Processor(new RefusingParser(), new NoopHandler()).ProcessAsync(Push);

        Assert.Equal((WebhookProcessingOutcome.DeadLetter, "'number' must be a number from 1"), (result.Outcome, result.Reason));
    }

    [Fact]
    public async Task AFormatExceptionFromAHandler_IsAFault_NotADeadLetter() =>
        await Assert.ThrowsAsync<FormatException>(() => Processor(new EventParser(), new ThrowingHandler(new FormatException("a bug in our code"))).ProcessAsync(Push));

    [Fact]
    public async Task RateLimitedProvider_IsRetried_AfterItsReset()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var limited = new ProviderRateLimitedException("GitHub's rate limit is exhausted.", clock.GetUtcNow() + TimeSpan.FromMinutes(7), GitProvider.GitHub);

        var result = await Processor(new EventParser(), new ThrowingHandler(limited), clock).ProcessAsync(Push);

        Assert.Equal((WebhookProcessingOutcome.Retry, TimeSpan.FromMinutes(7)), (result.Outcome, result.RetryAfter));
    }

    private sealed class RefusingParser : IGitWebhookPayloadParser
    {
        public GitProvider Provider => GitProvider.GitHub;

        public bool Handles(string eventType) => true;

        public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes) =>
            throw new FormatException("'number' must be a number from 1");
    }

    private sealed class EventParser : IGitWebhookPayloadParser
    {
        public GitProvider Provider => GitProvider.GitHub;

        public bool Handles(string eventType) => true;

        public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes) =>
            new PushWebhookEvent(remotes.Parse("https://github.com/acme/web").Identity, "refs/heads/main", new string('0', 40), new string('a', 40), false, []);
    }

    private sealed class ThrowingHandler(Exception exception) : IGitWebhookEventHandler
    {
        public Task HandleAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken = default) => Task.FromException(exception);
    }

    private sealed class OnlyPushParser : IGitWebhookPayloadParser
    {
        public GitProvider Provider => GitProvider.GitHub;

        public bool Handles(string eventType) => eventType == "push";

        public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes) => null;
    }

    private sealed class NoopHandler : IGitWebhookEventHandler
    {
        public Task HandleAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
