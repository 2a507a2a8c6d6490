using Dapper;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>Creates and reads rows of <c>users</c>.</summary>
public sealed class UserStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource)
{
    /// <summary>Creates a user.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or longer than 200 characters.</exception>
    public async Task<User> CreateAsync(string name, bool isAdmin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        name = name.Trim();
        if (name.Length > 200)
        {
            throw new ArgumentException("A user name has at most 200 characters.", nameof(name));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<UserRow>(new CommandDefinition(
            "INSERT INTO users (name, is_admin) VALUES (@name, @isAdmin) RETURNING id, name, is_admin, created_at",
            new { name, isAdmin },
            cancellationToken: cancellationToken));
        return row.ToUser();
    }

    /// <summary>Returns the user, or <see langword="null"/>.</summary>
    public async Task<User?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            "SELECT id, name, is_admin, created_at FROM users WHERE id = @userId",
            new { userId },
            cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    private sealed record UserRow(Guid id, string name, bool is_admin, DateTime created_at)
    {
        public User ToUser() => new(id, name, is_admin, Internal.Timestamps.FromUtc(created_at));
    }
}
