using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Postgres;
using Bob.Testing;
using Bob.Vault;

namespace Bob.SampleHost.Tests;

public sealed class RewrapTokensCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly PostgresDatabase _database = new();
    private readonly byte[] _keyA = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _keyB = RandomNumberGenerator.GetBytes(32);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task RewrapTokens_AfterRotation_LeavesRowsReadableWithTheNewKeyAlone()
    {
        var user = await new UserStore(_database.DataSource).CreateAsync("rotator", false);
        using var onlyA = new VaultKeyRing(_keyA);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyA))
                .SaveAsync(user.Id, GitInstance.GitHubCom, $"a{i}", new TokenSet($"ghp_token{i}"))).Id);
        }

        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Bob"] = _database.ConnectionString,
                ["GIT_TOKEN_ENCRYPTION_KEY"] = Convert.ToBase64String(_keyB),
                ["GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS"] = Convert.ToBase64String(_keyA),
            },
            Timeout,
            "rewrap-tokens", "--batch-size", "2");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var onlyB = new VaultKeyRing(_keyB);
        Assert.Contains($"Rewrapped 5 connection(s) under key id {onlyB.CurrentKeyId}", result.Stdout, StringComparison.Ordinal);
        var storeB = new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyB));
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal($"ghp_token{i}", (await storeB.GetAsync(user.Id, ids[i]))?.AccessToken);
        }
    }

    [Fact]
    public async Task RewrapTokens_RowUnderAnUnknownKey_ExitsOneNamingTheKeyIdOnly()
    {
        var user = await new UserStore(_database.DataSource).CreateAsync("lost-key", false);
        using var onlyA = new VaultKeyRing(_keyA);
        await new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyA))
            .SaveAsync(user.Id, GitInstance.GitHubCom, "x", new TokenSet("ghp_SECRET"));
        var keyB = Convert.ToBase64String(_keyB);

        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__Bob"] = _database.ConnectionString, ["GIT_TOKEN_ENCRYPTION_KEY"] = keyB },
            Timeout,
            "rewrap-tokens");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(onlyA.CurrentKeyId, result.Stderr, StringComparison.Ordinal);
        var output = result.Stdout + result.Stderr;
        Assert.DoesNotContain("ghp_SECRET", output, StringComparison.Ordinal);
        Assert.DoesNotContain(keyB, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(_keyA), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RewrapTokens_WithoutKey_ExitsOneNamingTheSetting()
    {
        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__Bob"] = _database.ConnectionString }, Timeout, "rewrap-tokens");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("GIT_TOKEN_ENCRYPTION_KEY is not set", result.Stderr, StringComparison.Ordinal);
    }
}
