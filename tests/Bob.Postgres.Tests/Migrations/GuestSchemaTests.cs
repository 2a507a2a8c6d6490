using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres.Tests.Migrations;

/// <summary>
/// Bob is a guest in the host's database: everything it creates, its migration journal included, lives in its own schema,
/// and the host's own tables (even ones named like Bob's) keep their rows, untouched.
/// </summary>
public sealed class GuestSchemaTests
{
    /// <summary>The host's own tables, in public, named like Bob's and like DbUp's default journal.</summary>
    private const string HostSchema = """
        CREATE TABLE public.users (id integer PRIMARY KEY, email text NOT NULL);
        CREATE TABLE public.api_keys (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES public.users (id), key text NOT NULL);
        CREATE TABLE public.schemaversions (schemaversionsid serial PRIMARY KEY, scriptname varchar(255) NOT NULL, applied timestamp NOT NULL);
        INSERT INTO public.users VALUES (1, 'ada@host.example'), (2, 'grace@host.example');
        INSERT INTO public.api_keys VALUES (10, 1, 'host-key-1');
        INSERT INTO public.schemaversions (scriptname, applied) VALUES ('Host.Migrations.0001_users.sql', '2026-01-01'), ('Host.Migrations.0002_keys.sql', '2026-01-02');
        """;

    private const string HostRows = """
        SELECT (SELECT string_agg(id || ':' || email, ',' ORDER BY id) FROM public.users) || '|' ||
               (SELECT string_agg(id || ':' || user_id || ':' || key, ',' ORDER BY id) FROM public.api_keys) || '|' ||
               (SELECT string_agg(scriptname, ',' ORDER BY schemaversionsid) FROM public.schemaversions)
        """;

    [Fact]
    public async Task MigratingBesideTheHostsOwnTables_LeavesThemUntouched_AndBobWorksInItsSchema()
    {
        await using var database = PostgresDatabase.Empty();
        await database.InitializeAsync();
        // The host's connection string names no search path: the host's own data source reads public.
        var plain = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = null }.ConnectionString;
        await using var hostData = NpgsqlDataSource.Create(plain);
        await Execute(hostData, HostSchema);
        var before = await Scalar<string>(hostData, HostRows);

        await using var services = new ServiceCollection()
            .AddLogging()
            .AddBobPostgres(o => o.ConnectionString = plain)
            .Services.AddBobVault(o => o.CurrentKey = new Bob.Git.Abstractions.Secret(Convert.ToBase64String(new byte[32])))
            .Services.BuildServiceProvider();
        var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var user = await services.GetRequiredService<UserStore>().CreateAsync("guest-user", isAdmin: false);
        var key = await services.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);

        Assert.Equal(DatabaseMigrator.ScriptNames.Count, applied.Count);
        Assert.Equal(before, await Scalar<string>(hostData, HostRows));
        Assert.Equal(user.Id, (await services.GetRequiredService<ApiKeyStore>().AuthenticateAsync(key))?.Id);
        Assert.Equal(1L, await Scalar<long>(hostData, "SELECT count(*) FROM bob.users WHERE name = 'guest-user'"));
        Assert.Equal((long)DatabaseMigrator.ScriptNames.Count, await Scalar<long>(hostData, "SELECT count(*) FROM bob.schemaversions WHERE scriptname LIKE 'Bob.Postgres.Migrations.%'"));
        Assert.Empty(await Pending(services));

        // Nothing of Bob's outside its schema: no table, sequence, view or function.
        Assert.Equal(0L, await Scalar<long>(hostData, """
            SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'S') AND c.relname NOT IN ('users', 'api_keys', 'schemaversions', 'schemaversions_schemaversionsid_seq'))
                 + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')
            """));
    }

    [Fact]
    public async Task ADatabaseMigratedBeforeTheSchema_IsMovedIntoIt_WithItsRows()
    {
        await using var database = PostgresDatabase.Empty();
        await database.InitializeAsync();
        var plain = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = null }.ConnectionString;
        await using var data = NpgsqlDataSource.Create(plain);

        // The layout before 0013: every script up to 0012 applied in public, journal in public.schemaversions.
        await new DatabaseMigrator(data, schema: "public") { Scripts = name => string.CompareOrdinal(name, "Bob.Postgres.Migrations.0013") < 0 }.MigrateAsync();
        await Execute(data, "INSERT INTO public.users (name) VALUES ('from-before');");

        var applied = await new DatabaseMigrator(data).MigrateAsync();

        Assert.Equal(DatabaseMigrator.ScriptNames.Where(n => string.CompareOrdinal(n, "Bob.Postgres.Migrations.0013") >= 0), applied);
        Assert.Equal("Bob.Postgres.Migrations.0013_bob_schema.sql", applied[0]);
        Assert.Equal(1L, await Scalar<long>(data, "SELECT count(*) FROM bob.users WHERE name = 'from-before'"));
        Assert.Equal((long)DatabaseMigrator.ScriptNames.Count, await Scalar<long>(data, "SELECT count(*) FROM bob.schemaversions"));
        Assert.Equal(0L, await Scalar<long>(data, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        // The moved tables keep their triggers, now calling the moved functions, and their defaults.
        Assert.Equal(0L, await Scalar<long>(data, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"));
        Assert.True(await Scalar<long>(data, """
            SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE NOT t.tgisinternal AND n.nspname = 'bob' AND p.proname = 'bob_set_updated_at'
            """) >= 5);
        await Execute(data, "INSERT INTO bob.users (name) VALUES ('after')");
    }

    private static Task<IReadOnlyList<string>> Pending(ServiceProvider services) => services.GetRequiredService<DatabaseMigrator>().GetPendingScriptsAsync();

    private static async Task Execute(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
