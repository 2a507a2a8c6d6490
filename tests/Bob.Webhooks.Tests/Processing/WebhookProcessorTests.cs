using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Webhooks.Tests.Processing;

/// <summary>Which deliveries need a worker: the receivers store every other one already processed.</summary>
public sealed class WebhookProcessorTests
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

    private static WebhookSourceDefinition Source(string name, bool withProcessor) => new(
        name, name.ToUpperInvariant(), ["X-Event"], ["X-Delivery"], (secrets, _) => new GitHubSignatureVerifier(secrets))
    {
        CreateProcessor = withProcessor ? _ => Processor(withHandler: true) : null,
    };

    private static WebhookProcessor Dispatcher(params WebhookSourceDefinition[] sources)
    {
        return new WebhookProcessor(new WebhookSources(sources), EmptyServices.Instance, NullLogger<WebhookProcessor>.Instance);
    }

    [Fact]
    public void TheDispatcher_HandlesWhatEachSourcesProcessorHandles_AndNothingOfSourcesWithoutOne()
    {
        var processor = Dispatcher(Source("acme", withProcessor: true), Source("tracker", withProcessor: false));

        Assert.True(processor.Handles("acme", "push"));
        Assert.False(processor.Handles("acme", "ping"));
        Assert.False(processor.Handles("tracker", "push"));
        Assert.False(processor.Handles("unregistered", "push"));
    }

    [Fact]
    public async Task TheDispatcher_ProcessesADeliveryOfAnUnregisteredSource_AsDone()
    {
        var result = await Dispatcher(Source("acme", withProcessor: true)).ProcessAsync(Push with { Source = "gone" });

        Assert.Equal(WebhookProcessingOutcome.Done, result.Outcome);
    }

    [Fact]
    public void TwoDifferentSourcesUnderOneName_AreRefused_ButOneRegisteredTwiceIsNot()
    {
        var acme = Source("acme", withProcessor: true);

        Assert.Single(new WebhookSources([acme, acme]).All);
        var ex = Assert.Throws<InvalidOperationException>(() => new WebhookSources([acme, Source("acme", withProcessor: false)]));
        Assert.Contains("'acme'", ex.Message);
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("")]
    [InlineData("1hub")]
    [InlineData("git hub")]
    [InlineData("a-name-longer-than-twenty")]
    public void ASourceName_IsAWireName(string name) =>
        Assert.Throws<ArgumentException>(() => Source(name, withProcessor: false));

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

    [Fact]
    public void ARateLimitedProvider_IsRetried_AfterItsReset()
    {
        var now = DateTimeOffset.UtcNow;
        var limited = new GitProviderException(BobErrorKind.RateLimited, "GitHub's rate limit is exhausted.", GitProvider.GitHub) { ResetAt = now + TimeSpan.FromMinutes(7) };

        var result = WebhookProcessingResult.For(limited, now);

        Assert.Equal((WebhookProcessingOutcome.Retry, TimeSpan.FromMinutes(7)), (result.Outcome, result.RetryAfter));
    }

    [Fact]
    public void ATransientFailure_WithoutAReset_IsRetriedOnTheSchedule()
    {
        var result = WebhookProcessingResult.For(new GitProviderException(BobErrorKind.Unavailable, "GitLab answered 503.", GitProvider.GitLab), DateTimeOffset.UtcNow);

        Assert.Equal((WebhookProcessingOutcome.Retry, (TimeSpan?)null, "GitLab answered 503."), (result.Outcome, result.RetryAfter, result.Reason));
    }

    [Theory]
    [InlineData(BobErrorKind.NotFound)]
    [InlineData(BobErrorKind.Invalid)]
    [InlineData(BobErrorKind.Forbidden)]
    [InlineData(BobErrorKind.Unauthorized)]
    public void APermanentFailure_IsADeadLetter_WithItsMessage(BobErrorKind kind)
    {
        var result = WebhookProcessingResult.For(new GitProviderException(kind, "GitHub refused it.", GitProvider.GitHub), DateTimeOffset.UtcNow);

        Assert.Equal((WebhookProcessingOutcome.DeadLetter, "GitHub refused it."), (result.Outcome, result.Reason));
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

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
