using Bob.Git.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Git.Tests.Internal;

public sealed class ShortLivedCacheTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task ConcurrentCalls_ShareOneLoad()
    {
        var cache = new ShortLivedCache<string, int>(TimeSpan.FromMilliseconds(250), _clock);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;

        var waiters = Enumerable.Range(0, 20).Select(_ => cache.GetOrLoadAsync("repo", _ => { Interlocked.Increment(ref loads); return release.Task; })).ToArray();
        release.SetResult(3);

        Assert.All(await Task.WhenAll(waiters), v => Assert.Equal(3, v));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task AResult_IsReusedWithinItsLifetime_AndLoadedAgainAfter()
    {
        var cache = new ShortLivedCache<string, int>(TimeSpan.FromMilliseconds(250), _clock);
        var loads = 0;
        Task<int> Load(string _) => Task.FromResult(Interlocked.Increment(ref loads));

        var first = await cache.GetOrLoadAsync("repo", Load);
        _clock.Advance(TimeSpan.FromMilliseconds(249));
        var reused = await cache.GetOrLoadAsync("repo", Load);
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        var reloaded = await cache.GetOrLoadAsync("repo", Load);

        Assert.Equal((1, 1, 2), (first, reused, reloaded));
    }

    [Fact]
    public async Task AFailedLoad_IsNotKept()
    {
        var cache = new ShortLivedCache<string, int>(TimeSpan.FromMinutes(1), _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrLoadAsync("repo", _ => Task.FromException<int>(new InvalidOperationException("database restarting"))));

        Assert.Equal(5, await cache.GetOrLoadAsync("repo", _ => Task.FromResult(5)));
    }

    [Fact]
    public async Task DifferentKeys_LoadSeparately()
    {
        var cache = new ShortLivedCache<string, string>(TimeSpan.FromMinutes(1), _clock);

        Assert.Equal(["a", "b"], await Task.WhenAll(cache.GetOrLoadAsync("a", k => Task.FromResult(k)), cache.GetOrLoadAsync("b", k => Task.FromResult(k))));
    }
}
