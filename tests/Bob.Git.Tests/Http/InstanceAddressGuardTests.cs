using System.Net;
using System.Net.Http.Headers;
using Bob.Git.Abstractions;
using Bob.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Tests.Http;

/// <summary>The SSRF guard with its default (private networks not allowed): every path to a non-public address is closed.</summary>
public sealed class InstanceAddressGuardTests : IAsyncLifetime
{
    private FakeProviderServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeProviderServer.StartAsync();
        _server.Handler = _ => FakeResponse.Json(200, "{}");
        var services = new ServiceCollection();
        services.AddBobGit().ConfigureHttp(o => o.MaxRetries = 0);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private InstanceAddressGuard Guard => _services.GetRequiredService<InstanceAddressGuard>();

    private Task<HttpResponseMessage> GetAsync(string baseUrl)
    {
        var instance = GitInstance.Create(GitProvider.Gitea, baseUrl);
        var api = new ProviderApiClient(
            _services.GetRequiredService<IHttpClientFactory>().CreateClient(GitHttpClient.Name),
            instance,
            new Uri(instance.BaseUri, "api/v1/"),
            new AuthenticationHeaderValue("token", "secret-token"),
            TimeProvider.System);
        return api.SendAsync(HttpMethod.Get, "user", null, "get the user", CancellationToken.None);
    }

    [Fact]
    public void PlainHttp_IsRefusedBeforeAnyRequest()
    {
        var ex = Assert.Throws<GitProviderException>(() => Guard.EnsureAllowed(GitInstance.Create(GitProvider.Gitea, "http://gitea.example.com")));
        Assert.True(ex.IsInstanceNotAllowed);

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1")]
    [InlineData("https://10.0.0.7")]
    [InlineData("https://172.16.4.1")]
    [InlineData("https://192.168.1.10")]
    [InlineData("https://169.254.169.254")]
    [InlineData("https://100.64.0.1")]
    [InlineData("https://0.0.0.0")]
    [InlineData("https://[::1]")]
    [InlineData("https://[::ffff:127.0.0.1]")]
    [InlineData("https://[::ffff:169.254.169.254]")]
    [InlineData("https://[fd00::1]")]
    [InlineData("https://[fe80::1]")]
    public void LiteralNonPublicAddresses_AreRefused(string url) =>
        Assert.True(Assert.Throws<GitProviderException>(() => Guard.EnsureAllowed(GitInstance.Create(GitProvider.Gitea, url))).IsInstanceNotAllowed);

    [Fact]
    public void APublicHttpsInstance_IsAllowed() => Guard.EnsureAllowed(GitInstance.Create(GitProvider.Gitea, "https://gitea.com"));

    [Fact]
    public async Task ANameResolvingToLoopback_IsRefusedAtConnect_AndNothingIsSent()
    {
        // "localhost" passes the URL check (it is a name); the connect callback sees 127.0.0.1 / ::1 and refuses.
        var ex = await Assert.ThrowsAsync<GitProviderException>(() => GetAsync($"https://localhost:{_server.BaseUri.Port}"));
        Assert.True(ex.IsInstanceNotAllowed);

        Assert.Contains("localhost", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ALiteralLoopbackAddress_IsRefusedAtConnectToo()
    {
        var refused = await Assert.ThrowsAsync<GitProviderException>(() => GetAsync(_server.BaseUri.ToString()));
        Assert.True(refused.IsInstanceNotAllowed);

        Assert.Empty(_server.Requests);
    }

    /// <summary>
    /// git connects on its own: a name that resolves to loopback is refused before git runs (it reached git before), and
    /// when allowed, git is pinned to the addresses that were checked.
    /// </summary>
    [Fact]
    public async Task Git_ToANameResolvingToLoopback_IsRefusedBeforeGitRuns()
    {
        var runner = new GitCommandRunner(Microsoft.Extensions.Options.Options.Create(new GitWorkOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<GitCommandRunner>.Instance, Guard);
        var instance = GitInstance.Create(GitProvider.Gitea, $"https://localhost:{_server.BaseUri.Port}");

        var refused = await Assert.ThrowsAsync<GitProviderException>(() => runner.RunAsync(null, ["ls-remote", $"https://localhost:{_server.BaseUri.Port}/acme/web.git"], new GitCredentials(instance, "not-a-real-token")));
        Assert.True(refused.IsInstanceNotAllowed);

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Git_WhenPrivateNetworksAreAllowed_IsPinnedToTheCheckedAddresses()
    {
        var services = new ServiceCollection();
        services.AddBobGit().ConfigureSecurity(o => o.AllowPrivateNetworkInstances = true);
        await using var provider = services.BuildServiceProvider();

        var pin = await provider.GetRequiredService<InstanceAddressGuard>().PinAsync(GitInstance.Create(GitProvider.Gitea, "https://localhost:3000"));

        Assert.NotNull(pin);
        Assert.StartsWith("localhost:3000:", pin, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", pin, StringComparison.Ordinal);
        Assert.Null(await provider.GetRequiredService<InstanceAddressGuard>().PinAsync(GitInstance.Create(GitProvider.Gitea, "https://127.0.0.1:3000")));

        // Real git through the pin: ls-remote by name against a bare repository served over smart HTTP.
        var root = Path.Combine(Path.GetTempPath(), "bob-pin-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var bare = Path.Combine(root, "acme", "web.git");
            Assert.Equal(0, (await GitCli.RunAsync(["init", "--quiet", "--bare", "-b", "main", bare])).ExitCode);
            _server.GitRoot = root;
            var url = $"http://localhost:{_server.BaseUri.Port}";
            var runner = new GitCommandRunner(Microsoft.Extensions.Options.Options.Create(new GitWorkOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<GitCommandRunner>.Instance, provider.GetRequiredService<InstanceAddressGuard>());

            var result = await runner.RunAsync(null, ["ls-remote", $"{url}/acme/web.git"], new GitCredentials(GitInstance.Create(GitProvider.Gitea, url), "not-a-real-token"));

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Contains(_server.Requests, r => r.Path.EndsWith("/info/refs", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task AllowingPrivateNetworks_LetsTheSameRequestThrough()
    {
        var services = new ServiceCollection();
        services.AddBobGit().ConfigureSecurity(o => o.AllowPrivateNetworkInstances = true);
        await using var provider = services.BuildServiceProvider();
        var instance = GitInstance.Create(GitProvider.Gitea, _server.BaseUri.ToString());
        provider.GetRequiredService<InstanceAddressGuard>().EnsureAllowed(instance);
        var api = new ProviderApiClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(GitHttpClient.Name), instance, new Uri(instance.BaseUri, "api/v1/"), new AuthenticationHeaderValue("token", "t"), TimeProvider.System);

        using var response = await api.SendAsync(HttpMethod.Get, "user", null, "get the user", CancellationToken.None);

        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("140.82.112.3", true)]
    [InlineData("2606:50c0:8000::153", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("172.15.255.255", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("198.51.100.7", false)]
    [InlineData("203.0.113.9", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("2002:a00:1::", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("ff02::1", false)]
    public void IsPublic_KnownAddresses(string address, bool expected) =>
        Assert.Equal(expected, NetworkAddressRules.IsPublic(IPAddress.Parse(address)));

    private static readonly Gen<IPAddress> V4 = Gen.ArrayOf(Gen.Choose(0, 255), 4).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray()));

    [Property(MaxTest = 2000)]
    public Property AnIPv4Address_IsJudgedTheSameInItsMappedIPv6Form() =>
        Prop.ForAll(V4.ToArbitrary(), a => NetworkAddressRules.IsPublic(a) == NetworkAddressRules.IsPublic(a.MapToIPv6()));

    [Property(MaxTest = 500)]
    public Property EveryAddressInThePrivateAndMetadataRanges_IsRefused() =>
        Prop.ForAll(Gen.Choose(0, 255).ToArbitrary(), Gen.Choose(0, 255).ToArbitrary(), (x, y) =>
            !NetworkAddressRules.IsPublic(IPAddress.Parse($"10.{x}.{y}.1"))
            && !NetworkAddressRules.IsPublic(IPAddress.Parse($"127.{x}.{y}.1"))
            && !NetworkAddressRules.IsPublic(IPAddress.Parse($"192.168.{x}.{y}"))
            && !NetworkAddressRules.IsPublic(IPAddress.Parse($"169.254.{x}.{y}"))
            && !NetworkAddressRules.IsPublic(IPAddress.Parse($"172.{16 + (x % 16)}.{y}.1")));
}
