using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IRepositoryStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryRepositoryStore"/> in <c>Bob.Git.Tests</c>): the remote identity round
/// trips without credentials, one registration per user and remote whatever the case, another user's rows stay hidden,
/// every user's registration of a remote is found, lists are newest first, and only the user's own connection is set.
/// </summary>
public abstract class RepositoryStoreContract
{
    private static readonly RemoteUrlParser Parser = new([GitInstance.Create(GitProvider.GitLab, "https://git.example.org/gitlab")]);

    /// <summary>The store under test.</summary>
    protected abstract IRepositoryStore Store { get; }

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    /// <summary>A new provider connection owned by <paramref name="userId"/>.</summary>
    protected abstract Task<Guid> ConnectionAsync(Guid userId);

    [Fact]
    public async Task AddThenGet_RoundTripsTheRemoteIdentity_WithoutItsCredentials()
    {
        var user = await UserAsync();
        var parsed = Parser.Parse("https://oauth2:glpat-secret@git.example.org/gitlab/platform/tools/cli.git");

        var added = await Store.AddAsync(user, " cli ", parsed, null);
        var read = await Store.GetAsync(user, added.Id);

        Assert.NotNull(read);
        Assert.Equal(("cli", parsed.Identity, "https://git.example.org/gitlab", "platform/tools"), (read.Name, read.Remote, read.Remote.InstanceUrl, read.Remote.Owner));
        Assert.Equal("https://git.example.org/gitlab/platform/tools/cli.git", read.RemoteUrl);
        Assert.DoesNotContain("glpat", read.RemoteUrl, StringComparison.Ordinal);
        Assert.Equal(added, read);
    }

    [Fact]
    public async Task AnotherUsersRepository_IsNeitherFoundNorListed()
    {
        var owner = await UserAsync();
        var other = await UserAsync();
        var added = await Store.AddAsync(owner, "web", Parser.Parse("https://github.com/acme/web"), null);

        Assert.Null(await Store.GetAsync(other, added.Id));
        Assert.DoesNotContain(await Store.ListAsync(other), r => r.Id == added.Id);
        Assert.Null(await Store.GetAsync(owner, Guid.NewGuid()));
    }

    [Fact]
    public async Task TheSameRemoteInAnotherCaseOrForm_IsADuplicate_NamingTheFirst()
    {
        var user = await UserAsync();
        var first = await Store.AddAsync(user, "web", Parser.Parse("https://github.com/acme/web"), null);

        var ex = await Assert.ThrowsAsync<DuplicateRepositoryException>(() => Store.AddAsync(user, "web again", Parser.Parse("git@github.com:ACME/Web.git"), null));

        Assert.Equal(first.Id, ex.ExistingRepositoryId);
        Assert.Single(await Store.ListAsync(user));
    }

    [Fact]
    public async Task FindByRemote_FindsEveryUsersRegistration_OldestFirst_WhateverTheCase()
    {
        var a = await UserAsync();
        var b = await UserAsync();
        var name = $"svc{Guid.NewGuid():N}";
        var first = await Store.AddAsync(a, "svc", Parser.Parse($"https://github.com/acme/{name}"), null);
        var second = await Store.AddAsync(b, "svc", Parser.Parse($"git@github.com:acme/{name}.git"), null);
        await Store.AddAsync(b, "other", Parser.Parse($"https://github.com/acme/{name}-other"), null);

        var found = await Store.FindByRemoteAsync(Parser.Parse($"https://github.com/Acme/{name.ToUpperInvariant()}").Identity);

        Assert.Equal([first.Id, second.Id], found.Select(r => r.Id));
    }

    [Fact]
    public async Task List_IsNewestFirst()
    {
        var user = await UserAsync();
        var first = await Store.AddAsync(user, "one", Parser.Parse("https://github.com/acme/one"), null);
        var second = await Store.AddAsync(user, "two", Parser.Parse("https://github.com/acme/two"), null);

        Assert.Equal([second.Id, first.Id], (await Store.ListAsync(user)).Select(r => r.Id));
    }

    [Fact]
    public async Task SetConnection_TakesOnlyTheUsersOwnConnection_AndClears()
    {
        var user = await UserAsync();
        var other = await UserAsync();
        var repository = await Store.AddAsync(user, "web", Parser.Parse("https://github.com/acme/web"), null);
        var mine = await ConnectionAsync(user);
        var theirs = await ConnectionAsync(other);

        Assert.False(await Store.SetConnectionAsync(user, repository.Id, theirs));
        Assert.False(await Store.SetConnectionAsync(other, repository.Id, theirs));
        Assert.True(await Store.SetConnectionAsync(user, repository.Id, mine));
        Assert.Equal(mine, (await Store.GetAsync(user, repository.Id))!.ConnectionId);
        Assert.True(await Store.SetConnectionAsync(user, repository.Id, null));
        Assert.Null((await Store.GetAsync(user, repository.Id))!.ConnectionId);
    }
}
