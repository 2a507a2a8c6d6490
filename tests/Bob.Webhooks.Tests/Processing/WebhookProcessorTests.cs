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
