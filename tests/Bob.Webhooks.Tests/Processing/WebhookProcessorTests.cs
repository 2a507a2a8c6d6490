using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Webhooks.Tests.Processing;

/// <summary>The dispatcher over the registered sources, and what a failure of the suite means for a delivery.</summary>
public sealed class WebhookProcessorTests
{
    private static WebhookSourceDefinition Source(string name, bool withProcessor) => new(
        name, name.ToUpperInvariant(), ["X-Event"], ["X-Delivery"], (secrets, _) => new GitHubSignatureVerifier(secrets))
    {
        CreateProcessor = withProcessor ? _ => new PushOnlyProcessor() : null,
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

    private static readonly ClaimedDelivery Push = new(Guid.NewGuid(), "acme", "push", "d-1", "{}"u8.ToArray(), 0);

    private sealed class PushOnlyProcessor : IWebhookSourceProcessor
    {
        public bool Handles(string eventType) => eventType == "push";

        public Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default) => Task.FromResult(WebhookProcessingResult.Done);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
