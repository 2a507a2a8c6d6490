using System.Security.Cryptography;
using System.Text;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

public sealed class ApiKeyStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly UserStore _users = new(database.DataSource);
    private readonly ApiKeyStore _keys = new(database.DataSource, TimeProvider.System);

    [Fact]
    public async Task AuthenticateAsync_IssuedKey_ReturnsItsUser()
    {
        var user = await _users.CreateAsync("ana", isAdmin: true);
        var key = await _keys.CreateAsync(user.Id);

        var found = await _keys.AuthenticateAsync(key);

        Assert.NotNull(found);
        Assert.Equal(user.Id, found.Id);
        Assert.True(found.IsAdmin);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyWithOneCharacterChanged_ReturnsNull()
    {
        var user = await _users.CreateAsync("ben", isAdmin: false);
        var key = await _keys.CreateAsync(user.Id);
        var tampered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');

        Assert.Null(await _keys.AuthenticateAsync(tampered));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bob_")]
    [InlineData("not-a-key")]
    [InlineData("bob_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("bob_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AuthenticateAsync_MalformedOrUnknownKey_ReturnsNull(string? key) =>
        Assert.Null(await _keys.AuthenticateAsync(key));

    [Fact]
    public async Task AuthenticateAsync_RevokedKey_ReturnsNull()
    {
        var user = await _users.CreateAsync("cy", isAdmin: false);
        var key = await _keys.CreateAsync(user.Id);
        await SchemaRows.ScalarAsync(database.DataSource, "UPDATE api_keys SET revoked_at = now() WHERE user_id = @u", ("u", user.Id));

        Assert.Null(await _keys.AuthenticateAsync(key));
    }

    [Fact]
    public async Task CreateAsync_StoresOnlyAHashOfTheKey()
    {
        var user = await _users.CreateAsync("dee", isAdmin: false);
        var key = await _keys.CreateAsync(user.Id);
        var secretPart = key[(key.IndexOf('_', 4) + 1)..];

        var row = (string?)await SchemaRows.ScalarAsync(database.DataSource, "SELECT row_to_json(k)::text FROM api_keys k WHERE user_id = @u", ("u", user.Id));
        var hash = (byte[]?)await SchemaRows.ScalarAsync(database.DataSource, "SELECT key_hash FROM api_keys WHERE user_id = @u", ("u", user.Id));

        Assert.Equal(43, secretPart.Length);
        Assert.DoesNotContain(secretPart, row, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), hash);
    }
}
