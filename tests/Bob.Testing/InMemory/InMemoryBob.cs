using Bob.Git;
using Bob.Git.Abstractions;
using Bob.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bob.Testing;

/// <summary>
/// The suite's services over in-memory stores, for package-level tests of the services without a host or a database:
/// <c>AddBobGit()</c> (a Gitea instance at <see cref="GitRemote.BaseUri"/> when a remote is given, private addresses
/// allowed, worktrees under the remote's directory) and <c>AddBobTaskRuns()</c>, with the stores, forge and agent below
/// in place of PostgreSQL, the vault and a real agent. Git itself is real.
/// </summary>
public sealed class InMemoryBob : IAsyncDisposable
{
    private InMemoryBob(ServiceProvider services, InMemoryRepositoryStore repositories, InMemorySessionStore sessions, InMemoryTaskRunStore runs, InMemoryGitProvider forge, RecordingTaskAgent agent)
    {
        Services = services;
        Repositories = repositories;
        Sessions = sessions;
        Runs = runs;
        Forge = forge;
        Agent = agent;
    }

    /// <summary>The services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The repositories.</summary>
    public InMemoryRepositoryStore Repositories { get; }

    /// <summary>The sessions and their events.</summary>
    public InMemorySessionStore Sessions { get; }

    /// <summary>The pull requests (told to the observers the services registered).</summary>
    public InMemoryPullRequestStore PullRequests => (InMemoryPullRequestStore)Services.GetRequiredService<IPullRequestStore>();

    /// <summary>The reviews and comments on pull requests.</summary>
    public InMemoryPullRequestFeedbackStore Feedback => (InMemoryPullRequestFeedbackStore)Services.GetRequiredService<IPullRequestFeedbackStore>();

    /// <summary>The task runs.</summary>
    public InMemoryTaskRunStore Runs { get; }

    /// <summary>The forge's API and the connections' tokens.</summary>
    public InMemoryGitProvider Forge { get; }

    /// <summary>The agent.</summary>
    public RecordingTaskAgent Agent { get; }

    /// <summary>A service.</summary>
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Builds the services; <paramref name="remote"/> is the git remote repositories live on, if any.</summary>
    public static InMemoryBob Create(GitRemote? remote = null, Uri? kanbanger = null, Action<IServiceCollection>? configure = null)
    {
        var repositories = new InMemoryRepositoryStore();
        var sessions = new InMemorySessionStore();
        var runs = new InMemoryTaskRunStore(sessions);
        var forge = new InMemoryGitProvider(remote is null ? null : GitInstance.Create(GitProvider.Gitea, remote.BaseUri.ToString()));
        var agent = new RecordingTaskAgent();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IRepositoryStore>(repositories);
        services.AddSingleton<ISessionStore>(sessions);
        services.AddSingleton<ISessionEventStream>(sessions);
        services.AddSingleton<ITaskRunStore>(runs);
        services.AddSingleton<IGitAccessTokenProvider>(forge);
        services.AddSingleton<ITaskAgent>(agent);
        services.AddSingleton<IPullRequestFeedbackStore>(new InMemoryPullRequestFeedbackStore());
        services.AddSingleton<ICheckStore>(new InMemoryCheckStore());
        services.TryAddSingleton<IPullRequestStore>(sp => new InMemoryPullRequestStore(repositories, sessions, sp.GetServices<IPullRequestSessionObserver>()));
        var git = services.AddBobGit()
            .ConfigureSecurity(o => o.AllowPrivateNetworkInstances = true)
            .ConfigureWork(o => o.WorkDirectory = remote?.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "bob-work-" + Guid.NewGuid().ToString("N")[..8]));
        if (remote is not null)
        {
            git.AddGitea(o => o.BaseUrl = remote.BaseUri.ToString());
        }

        services.AddBobTaskRuns(o =>
        {
            o.BaseUrl = kanbanger?.ToString() ?? "http://127.0.0.1:9/";
            o.ApiToken = new Secret("not-a-real-kanbanger-token");
        });
        configure?.Invoke(services);
        return new InMemoryBob(services.BuildServiceProvider(), repositories, sessions, runs, forge, agent);
    }

    /// <summary>Registers <paramref name="remoteUrl"/> for <paramref name="userId"/> with a connection of theirs (none when <paramref name="connected"/> is false).</summary>
    public Task<Repository> RegisterAsync(Guid userId, string remoteUrl, bool connected = true)
    {
        var parsed = Get<GitInstanceRegistry>().Parser.Parse(remoteUrl);
        return Repositories.AddAsync(userId, "web", parsed, connected ? Repositories.AddConnection(userId) : null);
    }

    /// <summary>
    /// Registers <paramref name="remote"/> for <paramref name="userId"/> with a connection of theirs, and makes the remote
    /// ask git for that connection's token (the one <see cref="Forge"/> hands out), as a forge asks for its user's.
    /// </summary>
    public async Task<Repository> RegisterAsync(Guid userId, GitRemote remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var repository = await RegisterAsync(userId, remote.RemoteUrl);
        remote.RequireToken("bob", await Forge.GetAccessTokenAsync(userId, repository.ConnectionId!.Value));
        return repository;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
