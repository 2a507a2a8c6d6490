using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

public sealed class PostgresRepositoryStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly RemoteUrlParser Parser = new([GitInstance.Create(GitProvider.GitLab, "https://git.example.org/gitlab")]);
    private readonly PostgresRepositoryStore _store = new(database.DataSource);
    private readonly UserStore _users = new(database.DataSource);

    [Fact]
    public async Task AddAsync_ThenGet_RoundTripsTheRemoteIdentity()
    {
        var user = await _users.CreateAsync("ana", false);
        var parsed = Parser.Parse("https://oauth2:glpat-secret@git.example.org/gitlab/platform/tools/cli.git");

        var added = await _store.AddAsync(user.Id, " cli ", parsed, null);
        var read = await _store.GetAsync(user.Id, added.Id);

        Assert.NotNull(read);
        Assert.Equal("cli", read.Name);
        Assert.Equal(parsed.Identity, read.Remote);
        Assert.Equal("https://git.example.org/gitlab", read.Remote.InstanceUrl);
        Assert.Equal("platform/tools", read.Remote.Owner);
        Assert.Equal("https://git.example.org/gitlab/platform/tools/cli.git", read.RemoteUrl);
        Assert.DoesNotContain("glpat", read.RemoteUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_AnotherUsersRepository_ReturnsNull()
    {
        var owner = await _users.CreateAsync("owner", false);
        var other = await _users.CreateAsync("other", false);
        var added = await _store.AddAsync(owner.Id, "web", Parser.Parse("https://github.com/acme/web"), null);

        Assert.Null(await _store.GetAsync(other.Id, added.Id));
        Assert.DoesNotContain(await _store.ListAsync(other.Id), r => r.Id == added.Id);
    }

    [Fact]
    public async Task AddAsync_SameRemoteInOtherCase_ThrowsDuplicateWithExistingId()
    {
        var user = await _users.CreateAsync("dup", false);
        var first = await _store.AddAsync(user.Id, "web", Parser.Parse("https://github.com/acme/web"), null);

        var ex = await Assert.ThrowsAsync<DuplicateRepositoryException>(
            () => _store.AddAsync(user.Id, "web again", Parser.Parse("git@github.com:ACME/Web.git"), null));

        Assert.Equal(first.Id, ex.ExistingRepositoryId);
    }

    [Fact]
    public async Task FindByRemoteAsync_FindsEveryUsersRegistration()
    {
        var a = await _users.CreateAsync("a", false);
        var b = await _users.CreateAsync("b", false);
        var name = $"svc{Guid.NewGuid():N}";
        await _store.AddAsync(a.Id, "svc", Parser.Parse($"https://github.com/acme/{name}"), null);
        await _store.AddAsync(b.Id, "svc", Parser.Parse($"git@github.com:acme/{name}.git"), null);

        var found = await _store.FindByRemoteAsync(Parser.Parse($"https://github.com/Acme/{name.ToUpperInvariant()}").Identity);

        Assert.Equal(new[] { a.Id, b.Id }.Order(), found.Select(r => r.UserId).Order());
    }

    [Fact]
    public async Task ListAsync_NewestFirst()
    {
        var user = await _users.CreateAsync("lister", false);
        var first = await _store.AddAsync(user.Id, "one", Parser.Parse("https://github.com/acme/one"), null);
        var second = await _store.AddAsync(user.Id, "two", Parser.Parse("https://github.com/acme/two"), null);

        var list = await _store.ListAsync(user.Id);

        Assert.Equal([second.Id, first.Id], list.Select(r => r.Id));
    }
}
