using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The check store contract on real PostgreSQL, and what only its two transactions can leave behind.</summary>
public sealed class CheckStoreTests(PostgresDatabase database) : CheckStoreContract, IClassFixture<PostgresDatabase>
{
    protected override ICheckStore Store => new PostgresCheckStore(database.DataSource);

    [Fact]
    public async Task AHostKilledBetweenACheckAndItsHead_IsRepairedByTheCheckDeliveredAgain()
    {
        var remote = RemoteUrlParser.Default.Parse($"https://github.com/acme/k{Guid.NewGuid():N}"[..40]).Identity;
        const string Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
        var failed = new CheckReport(CheckKind.CheckRun, "lint", Sha, CheckStatus.Completed, CheckConclusion.Failure, "https://github.com/acme/web/runs/9", DateTimeOffset.UnixEpoch.AddDays(1), "9");

        // Another check of the head was rolled up; then this check's own transaction committed, and the host died before the
        // head's roll-up.
        var passed = await Store.ApplyAsync(remote, failed with { Name = "unit", ProviderId = "8", Conclusion = CheckConclusion.Success });
        await using (var insert = database.DataSource.CreateCommand(
            "INSERT INTO commit_checks (provider, instance_url, remote_owner, remote_name, head_sha, kind, name, status, conclusion, url, provider_at, provider_id) VALUES ('github', NULL, $1, $2, $3, 'check_run', 'lint', 'completed', 'failure', $4, $5, '9')"))
        {
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = remote.Owner });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = remote.Name });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Sha });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = failed.Url });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = failed.At!.Value });
            await insert.ExecuteNonQueryAsync();
        }

        var redelivered = await Store.ApplyAsync(remote, failed);
        var again = await Store.ApplyAsync(remote, failed);

        Assert.Equal((CheckState.Success, 1), (passed.State, passed.Version));
        Assert.Equal((CheckState.Failure, true, 2), (redelivered.State, redelivered.Changed, redelivered.Version));
        Assert.Equal((CheckState.Failure, false, 2), (again.State, again.Changed, again.Version));
        Assert.Equal(["lint"], again.Failing);
    }
}
