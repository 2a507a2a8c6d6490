using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Vault;

namespace Bob.Postgres.Tests.Stores;

/// <summary>Key rotation on real rows: written under A, rewrapped while A is a previous key, then read with B alone.</summary>
public sealed class TokenRewrapperTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly byte[] _keyA = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _keyB = RandomNumberGenerator.GetBytes(32);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task RewrapAll_MovesEveryRowToTheCurrentKey()
    {
        using var onlyA = new VaultKeyRing(_keyA);
        var user = await SchemaRows.UserAsync(_database.DataSource);
        var ids = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add((await new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyA))
                .SaveAsync(user, GitInstance.GitLabCom, $"acct{i}", new TokenSet($"access{i}", $"refresh{i}"))).Id);
        }

        using var rotating = new VaultKeyRing(_keyB, [_keyA]);
        var report = await new TokenRewrapper(_database.DataSource, new TokenVault(rotating)).RewrapAllAsync(batchSize: 7);
        var again = await new TokenRewrapper(_database.DataSource, new TokenVault(rotating)).RewrapAllAsync(batchSize: 7);

        Assert.Equal(25, report.Rewrapped);
        Assert.Empty(report.Failures);
        Assert.Equal(0, report.Remaining);
        Assert.Equal(0, again.Rewrapped);
        using var onlyB = new VaultKeyRing(_keyB);
        var storeB = new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyB));
        for (var i = 0; i < ids.Count; i++)
        {
            var tokens = await storeB.GetAsync(user, ids[i]);
            Assert.Equal($"access{i}", tokens?.AccessToken);
            Assert.Equal($"refresh{i}", tokens?.RefreshToken);
        }
    }

    [Fact]
    public async Task RewrapAll_RowUnderRetiredKey_IsReportedByKeyIdAndLeftAlone()
    {
        using var onlyA = new VaultKeyRing(_keyA);
        var user = await SchemaRows.UserAsync(_database.DataSource);
        var saved = await new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyA))
            .SaveAsync(user, GitInstance.GitHubCom, "1", new TokenSet("ghp_SECRETTOKEN"));

        using var onlyB = new VaultKeyRing(_keyB);
        var report = await new TokenRewrapper(_database.DataSource, new TokenVault(onlyB)).RewrapAllAsync();

        var failure = Assert.Single(report.Failures);
        Assert.Equal(saved.Id, failure.ConnectionId);
        Assert.Equal(onlyA.CurrentKeyId, failure.KeyId);
        Assert.Equal(TokenDecryptionFailure.UnknownKey, failure.Failure);
        Assert.DoesNotContain("SECRETTOKEN", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.Remaining);
        Assert.Equal("ghp_SECRETTOKEN", (await new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyA)).GetAsync(user, saved.Id))?.AccessToken);
    }

    [Fact]
    public async Task RewrapAll_RowLockedByAnotherWriter_IsTakenOnceTheLockIsGone()
    {
        using var onlyA = new VaultKeyRing(_keyA);
        var user = await SchemaRows.UserAsync(_database.DataSource);
        var saved = await new Bob.Git.GitConnectionTokens(new PostgresGitConnectionStore(_database.DataSource), new TokenVault(onlyA))
            .SaveAsync(user, GitInstance.GitHubCom, "locked", new TokenSet("ghp_locked"));

        await using var holder = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM git_provider_connections WHERE id = @id FOR UPDATE", holder, transaction))
        {
            lockRow.Parameters.AddWithValue("id", saved.Id);
            await lockRow.ExecuteNonQueryAsync();
        }

        using var rotating = new VaultKeyRing(_keyB, [_keyA]);
        var rewrap = new TokenRewrapper(_database.DataSource, new TokenVault(rotating)).RewrapAllAsync();
        await Task.Delay(300);
        await transaction.CommitAsync();
        var report = await rewrap;

        Assert.Equal(1, report.Rewrapped);
        Assert.Equal(0, report.Remaining);
    }
}
