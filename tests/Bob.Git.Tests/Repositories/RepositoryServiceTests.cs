using Bob.Git.Abstractions;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Tests.Repositories;

public sealed class RepositoryServiceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private ServiceProvider Services(Action<IBobGitBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddBobPostgres(o => o.ConnectionString = database.ConnectionString);
        services.AddBobVault(o => o.CurrentKey = new Bob.Git.Abstractions.Secret(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
        var builder = services.AddBobGit();
        configure?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task RegisterAsync_ConfiguredGitLabUnderPrefix_ResolvesWithoutHint()
    {
        await using var sp = Services(b => b.AddGitLab(o => o.BaseUrl = "https://git.example.org/gitlab/"));
        var user = await sp.GetRequiredService<UserStore>().CreateAsync("ana", false);

        var repository = await sp.GetRequiredService<RepositoryService>().RegisterAsync(
            user.Id, new RegisterRepository("cli", "git@git.example.org:platform/tools/cli.git"));

        Assert.Equal(GitProvider.GitLab, repository.Remote.Provider);
        Assert.Equal("https://git.example.org/gitlab", repository.Remote.InstanceUrl);
        Assert.Equal("platform/tools", repository.Remote.Owner);
    }

    [Fact]
    public async Task RegisterAsync_GitHubEnterpriseApiUrl_MakesItsHostKnown()
    {
        await using var sp = Services(b => b.AddGitHub(o => o.ApiBaseUrl = "https://github.acme-corp.com/api/v3/"));
        var user = await sp.GetRequiredService<UserStore>().CreateAsync("ben", false);

        var repository = await sp.GetRequiredService<RepositoryService>().RegisterAsync(
            user.Id, new RegisterRepository("api", "https://github.acme-corp.com/platform/api.git"));

        Assert.Equal(GitProvider.GitHub, repository.Remote.Provider);
        Assert.Equal("https://github.acme-corp.com", repository.Remote.InstanceUrl);
    }

    [Fact]
    public async Task RegisterAsync_UnknownHostWithConnection_UsesTheConnectionsInstance()
    {
        await using var sp = Services();
        var user = await sp.GetRequiredService<UserStore>().CreateAsync("cy", false);
        var connectionId = await InsertConnectionAsync(user.Id, "gitea", "https://forge.internal.example");

        var repository = await sp.GetRequiredService<RepositoryService>().RegisterAsync(
            user.Id, new RegisterRepository("app", "https://forge.internal.example/team/app.git", ConnectionId: connectionId));

        Assert.Equal(GitProvider.Gitea, repository.Remote.Provider);
        Assert.Equal(connectionId, repository.ConnectionId);
    }

    [Fact]
    public async Task RegisterAsync_RemoteOnAnotherInstanceThanTheConnection_IsRefused()
    {
        await using var sp = Services();
        var user = await sp.GetRequiredService<UserStore>().CreateAsync("dee", false);
        var connectionId = await InsertConnectionAsync(user.Id, "gitlab", null);

        var ex = await Assert.ThrowsAsync<BobValidationException>(() => sp.GetRequiredService<RepositoryService>().RegisterAsync(
            user.Id, new RegisterRepository("web", "https://github.com/acme/web", ConnectionId: connectionId)));

        Assert.Contains("known GitHub instance, not GitLab", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterAsync_AnotherUsersConnection_IsNotFound()
    {
        await using var sp = Services();
        var owner = await sp.GetRequiredService<UserStore>().CreateAsync("owner", false);
        var thief = await sp.GetRequiredService<UserStore>().CreateAsync("thief", false);
        var connectionId = await InsertConnectionAsync(owner.Id, "github", null);

        await Assert.ThrowsAsync<BobNotFoundException>(() => sp.GetRequiredService<RepositoryService>().RegisterAsync(
            thief.Id, new RegisterRepository("web", "https://github.com/acme/web", ConnectionId: connectionId)));
    }

    [Fact]
    public async Task RegisterAsync_RevokedConnection_IsNotFound()
    {
        await using var sp = Services();
        var user = await sp.GetRequiredService<UserStore>().CreateAsync("revoker", false);
        var connectionId = await InsertConnectionAsync(user.Id, "github", null, revoked: true);

        await Assert.ThrowsAsync<BobNotFoundException>(() => sp.GetRequiredService<RepositoryService>().RegisterAsync(
            user.Id, new RegisterRepository("web", "https://github.com/acme/web", ConnectionId: connectionId)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RegisterAsync_EmptyName_IsRefused(string name)
    {
        await using var sp = Services();

        await Assert.ThrowsAsync<BobValidationException>(() => sp.GetRequiredService<RepositoryService>().RegisterAsync(
            Guid.NewGuid(), new RegisterRepository(name, "https://github.com/acme/web")));
    }

    [Fact]
    public void AddBobGit_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitHub();
        services.AddBobGit().AddGitHub();

        Assert.Single(services, d => d.ServiceType == typeof(RepositoryService));
        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.Extensions.Options.IConfigureOptions<GitInstanceOptions>));
    }

    private async Task<Guid> InsertConnectionAsync(Guid userId, string provider, string? instanceUrl, bool revoked = false)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO git_provider_connections (user_id, provider, instance_url, provider_account_id, access_token_ciphertext, access_token_iv, access_token_tag, revoked_at)
            VALUES (@u, @p, @i, gen_random_uuid()::text, 'c', 'i', 't', CASE WHEN @revoked THEN now() END) RETURNING id
            """);
        command.Parameters.AddWithValue("u", userId);
        command.Parameters.AddWithValue("p", provider);
        command.Parameters.AddWithValue("i", (object?)instanceUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("revoked", revoked);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
