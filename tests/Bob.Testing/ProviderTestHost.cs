using Bob.Git;
using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Testing;

/// <summary>
/// A fake provider on 127.0.0.1 and the suite's services pointed at it: private networks allowed (SPEC §2 says tests
/// do) and retry delays short, unless the test says otherwise.
/// </summary>
public sealed class ProviderTestHost : IAsyncDisposable
{
    private ProviderTestHost(FakeProviderServer server, ServiceProvider services)
    {
        Server = server;
        Services = services;
    }

    /// <summary>The fake provider.</summary>
    public FakeProviderServer Server { get; }

    /// <summary>The services under test.</summary>
    public ServiceProvider Services { get; }

    /// <summary>Starts the fake provider, then builds services with <paramref name="addProviders"/> (given the server's base URI).</summary>
    public static async Task<ProviderTestHost> StartAsync(
        Action<IBobGitBuilder, Uri> addProviders,
        Action<GitHttpOptions>? http = null,
        bool allowPrivateNetworks = true,
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? afterProviders = null)
    {
        ArgumentNullException.ThrowIfNull(addProviders);
        var server = await FakeProviderServer.StartAsync();
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        var builder = collection.AddBobGit()
            .ConfigureSecurity(o => o.AllowPrivateNetworkInstances = allowPrivateNetworks)
            .ConfigureHttp(o =>
            {
                o.BaseDelay = TimeSpan.FromMilliseconds(5);
                http?.Invoke(o);
            });
        addProviders(builder, server.BaseUri);
        afterProviders?.Invoke(collection);
        return new ProviderTestHost(server, collection.BuildServiceProvider());
    }

    /// <summary>A client of <paramref name="provider"/> for <paramref name="instance"/> with <paramref name="token"/>.</summary>
    public IGitProviderClient Client(GitProvider provider, GitInstance instance, string token) =>
        Services.GetServices<IGitProviderClientFactory>().Single(f => f.Provider == provider).Create(instance, token);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
