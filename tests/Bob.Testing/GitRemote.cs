using System.Text;

namespace Bob.Testing;

/// <summary>
/// A real git remote for package-level tests: a bare repository seeded with one commit on <c>main</c>, served over smart
/// HTTP by a <see cref="FakeProviderServer"/> on 127.0.0.1 as <c>{BaseUri}acme/web.git</c>, asking for a user and token
/// after <see cref="RequireToken"/>. Deleted with its work directory on dispose.
/// </summary>
public sealed class GitRemote : IAsyncDisposable
{
    private GitRemote(FakeProviderServer server, string directory, string bare)
    {
        Server = server;
        Directory = directory;
        BarePath = bare;
    }

    /// <summary>The server that serves the repository (its API handler is the test's).</summary>
    public FakeProviderServer Server { get; }

    /// <summary>A temporary directory for the test's work (worktrees and mirrors go under <c>work</c>).</summary>
    public string Directory { get; }

    /// <summary>The bare repository's path.</summary>
    public string BarePath { get; }

    /// <summary>The server's base address (the instance's base URL).</summary>
    public Uri BaseUri => Server.BaseUri;

    /// <summary>The repository's clone URL.</summary>
    public string RemoteUrl => new Uri(Server.BaseUri, "acme/web.git").ToString();

    /// <summary>Where worktrees and mirrors go.</summary>
    public string WorkDirectory => Path.Combine(Directory, "work");

    /// <summary>Starts a remote seeded with a README on <c>main</c>.</summary>
    public static async Task<GitRemote> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bob-remote-" + Guid.NewGuid().ToString("N")[..10]);
        var bare = Path.Combine(directory, "remotes", "acme", "web.git");
        var seed = Path.Combine(directory, "seed");
        await RunAsync("init", "--quiet", "-b", "main", seed);
        await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "# web\n");
        await RunAsync("-C", seed, "add", ".");
        await RunAsync("-C", seed, "-c", "user.name=Seed", "-c", "user.email=seed@example.org", "commit", "--quiet", "-m", "Initial commit");
        await RunAsync("clone", "--quiet", "--bare", seed, bare);
        var server = await FakeProviderServer.StartAsync();
        server.GitRoot = Path.Combine(directory, "remotes");
        return new GitRemote(server, directory, bare);
    }

    /// <summary>Makes git requests carry Basic <paramref name="user"/>:<paramref name="token"/> (401 otherwise).</summary>
    public void RequireToken(string user, string token) =>
        Server.GitAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}"));

    /// <summary>The sha of <paramref name="reference"/> in the bare repository, or <see langword="null"/>.</summary>
    public async Task<string?> ShaAsync(string reference)
    {
        var (code, output) = await GitCli.RunAsync("--git-dir", BarePath, "rev-parse", "--verify", "--quiet", reference);
        return code == 0 ? output.Trim() : null;
    }

    /// <summary>Runs git and fails the test when it fails.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (code, output) = await GitCli.RunAsync(arguments);
        Assert.True(code == 0, $"git {string.Join(' ', arguments)} failed: {output}");
        return output.Trim();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a git process may still hold a file; the temp directory is cleaned by the system
        }
    }
}
