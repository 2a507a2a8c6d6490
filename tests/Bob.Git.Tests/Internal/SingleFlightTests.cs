using Bob.Git.Internal;

namespace Bob.Git.Tests.Internal;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task ConcurrentCallsForOneKey_ShareOneCall()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;

        var waiters = Enumerable.Range(0, 20).Select(_ => flight.RunAsync("repo", _ =>
        {
            Interlocked.Increment(ref calls);
            return release.Task;
        })).ToArray();
        release.SetResult(42);

        Assert.All(await Task.WhenAll(waiters), v => Assert.Equal(42, v));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ACallAfterTheFirstCompleted_RunsAgain_NothingIsCached()
    {
        var flight = new SingleFlight<string, int>();
        var calls = 0;

        await flight.RunAsync("repo", _ => Task.FromResult(Interlocked.Increment(ref calls)));
        var second = await flight.RunAsync("repo", _ => Task.FromResult(Interlocked.Increment(ref calls)));

        Assert.Equal(2, second);
    }

    [Fact]
    public async Task DifferentKeys_DoNotShare()
    {
        var flight = new SingleFlight<string, string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var a = flight.RunAsync("a", async k => { await release.Task; return k; });
        var b = flight.RunAsync("b", async k => { await release.Task; return k; });
        release.SetResult();

        Assert.Equal(["a", "b"], await Task.WhenAll(a, b));
    }

    [Fact]
    public async Task AFailure_ReachesEveryWaiter_AndTheNextCallRetries()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = flight.RunAsync("repo", _ => release.Task);
        var second = flight.RunAsync("repo", _ => Task.FromResult(0));
        release.SetException(new InvalidOperationException("database restarting"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(7, await flight.RunAsync("repo", _ => Task.FromResult(7)));
    }

    [Fact]
    public async Task OneCallerCancelling_DoesNotCancelTheOthers()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var impatient = flight.RunAsync("repo", _ => release.Task, cancel.Token);
        var patient = flight.RunAsync("repo", _ => release.Task);
        await cancel.CancelAsync();
        release.SetResult(5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        Assert.Equal(5, await patient);
    }
}
