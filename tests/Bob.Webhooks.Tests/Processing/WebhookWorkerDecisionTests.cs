using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Webhooks.Tests.Processing;

/// <summary>
/// The worker over the in-memory delivery table with a fake clock: what becomes of a delivery is decided by the
/// processor's result, or, when the processor throws a failure of the suite, by <see cref="BobException.IsTransient"/>
/// alone; any other exception is a fault of ours, retried on the schedule.
/// </summary>
public sealed class WebhookWorkerDecisionTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly InMemoryWebhookDeliveries _table;

    public WebhookWorkerDecisionTests() => _table = new(_clock);

    private WebhookWorker Worker(Func<ClaimedDelivery, WebhookProcessingResult> process) => new(
        _table,
        new Processor(process),
        Options.Create(new WebhookWorkerOptions { BatchSize = 8, Concurrency = 2, Lease = TimeSpan.FromMinutes(1) }),
        _clock,
        NullLogger<WebhookWorker>.Instance);

    private async Task<Guid> StoreAsync() =>
        (await _table.StoreAsync(new WebhookDelivery("github", Guid.NewGuid().ToString(), "pull_request", "opened", new Dictionary<string, string>(), "{}"u8.ToArray()))).Id;

    private async Task<WebhookDeliverySummary?> RowAsync(Guid id, string status) => (await _table.ListAsync(status, 100)).SingleOrDefault(d => d.Id == id);

    [Fact]
    public async Task ARateLimitedProvider_IsRetriedAtItsReset_NotBefore()
    {
        var id = await StoreAsync();
        var reset = _clock.GetUtcNow().AddMinutes(7);
        var worker = Worker(_ => throw new GitProviderException(BobErrorKind.RateLimited, "GitHub's rate limit is exhausted.", GitProvider.GitHub) { ResetAt = reset });

        await worker.RunOnceAsync();

        var row = (await RowAsync(id, "pending"))!;
        Assert.Equal((1, "GitHub's rate limit is exhausted."), (row.RetryCount, row.ErrorMessage));
        Assert.InRange(row.NextRetryAt!.Value, reset.AddSeconds(-1), reset.AddMinutes(2));
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(0, await worker.RunOnceAsync());
    }

    [Theory]
    [InlineData(BobErrorKind.NotFound)]
    [InlineData(BobErrorKind.Forbidden)]
    [InlineData(BobErrorKind.Invalid)]
    public async Task APermanentFailureOfTheSuite_IsADeadLetterAtOnce_WithItsMessage(BobErrorKind kind)
    {
        var id = await StoreAsync();

        await Worker(_ => throw new GitProviderException(kind, "GitHub says no.", GitProvider.GitHub)).RunOnceAsync();

        var row = (await RowAsync(id, "failed"))!;
        Assert.Equal((1, "GitHub says no."), (row.RetryCount, row.ErrorMessage));
    }

    [Fact]
    public async Task AnUnavailableDependency_IsRetriedOnTheSchedule()
    {
        var id = await StoreAsync();

        await Worker(_ => throw new KanbangerLikeUnavailable()).RunOnceAsync();

        var row = (await RowAsync(id, "pending"))!;
        Assert.InRange((row.NextRetryAt!.Value - _clock.GetUtcNow()).TotalSeconds, 3.9, 6.1);
    }

    [Fact]
    public async Task AFaultOfOurs_IsRetried_NeverReadAsBadInput()
    {
        var id = await StoreAsync();

        await Worker(_ => throw new InvalidOperationException("a bug")).RunOnceAsync();

        var row = (await RowAsync(id, "pending"))!;
        Assert.Equal(1, row.RetryCount);
        Assert.Contains("InvalidOperationException", row.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProcessorsOwnAnswer_IsTakenAsItIs()
    {
        var done = await StoreAsync();
        var dead = await StoreAsync();

        await Worker(d => d.Id == dead ? WebhookProcessingResult.DeadLetter("'number' must be a number") : WebhookProcessingResult.Done).RunOnceAsync();

        Assert.NotNull(await RowAsync(done, "processed"));
        Assert.Equal("'number' must be a number", (await RowAsync(dead, "failed"))!.ErrorMessage);
    }

    private sealed class KanbangerLikeUnavailable() : BobException("The tracker could not be reached.")
    {
        public override BobErrorKind Kind => BobErrorKind.Unavailable;
    }

    private sealed class Processor(Func<ClaimedDelivery, WebhookProcessingResult> process) : IWebhookProcessor
    {
        public bool Handles(string source, string eventType) => true;

        public Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default) =>
            Task.FromResult(process(delivery));
    }
}
