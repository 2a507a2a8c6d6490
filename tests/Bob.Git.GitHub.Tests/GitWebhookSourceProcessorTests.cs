using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// The processor of a provider's webhook source (compiled into each provider package): which deliveries need a worker,
/// what a parser's refusal means, and that a failure of the suite is left for the worker to judge by its kind.
/// </summary>
public sealed class GitWebhookSourceProcessorTests
{
    private static GitWebhookSourceProcessor Processor(bool withHandler) => new(
        new OnlyPushParser(),
        withHandler ? [new NoopHandler()] : [],
        RemoteUrlParser.Default,
        NullLogger<GitWebhookSourceProcessor>.Instance);

    [Fact]
    public void Handles_TheEventsItsProvidersParserHandles()
    {
        var processor = Processor(withHandler: true);

        Assert.True(processor.Handles("push"));
        Assert.False(processor.Handles("ping"));
    }

    [Fact]
    public void Handles_NothingWhenNoEventHandlerIsRegistered() =>
        Assert.False(Processor(withHandler: false).Handles("push"));

    private static readonly ClaimedDelivery Push = new(Guid.NewGuid(), "github", "push", "d-1", "{}"u8.ToArray(), 0);

    private static GitWebhookSourceProcessor Processor(IGitWebhookPayloadParser parser, IGitWebhookEventHandler handler, TimeProvider? clock = null) =>
        new(parser, [handler], RemoteUrlParser.Default, NullLogger<GitWebhookSourceProcessor>.Instance, clock);

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
    public async Task AFailureOfTheSuite_LeavesTheProcessor_ForTheWorkerToJudge()
    {
        var limited = new GitProviderException(BobErrorKind.RateLimited, "GitHub's rate limit is exhausted.", GitProvider.GitHub);

        var thrown = await Assert.ThrowsAsync<GitProviderException>(() => Processor(new EventParser(), new ThrowingHandler(limited)).ProcessAsync(Push));

        Assert.Same(limited, thrown);
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
