namespace Bob.Vault;

/// <summary>
/// Where a ciphertext lives: table, column and row. It is bound into the ciphertext as associated data, so a ciphertext
/// copied to another row or column does not decrypt.
/// </summary>
/// <param name="Table">The table, such as <c>git_provider_connections</c>.</param>
/// <param name="Column">The logical column, such as <c>access_token</c> or <c>refresh_token</c>.</param>
/// <param name="RowId">The row's id; it is also the HKDF salt of the row key.</param>
public readonly record struct TokenLocation(string Table, string Column, Guid RowId)
{
    /// <summary>The table that holds provider connection tokens.</summary>
    public const string ConnectionsTable = "git_provider_connections";

    /// <summary>The access token of a provider connection.</summary>
    public static TokenLocation AccessToken(Guid connectionId) => new(ConnectionsTable, "access_token", connectionId);

    /// <summary>The refresh token of a provider connection.</summary>
    public static TokenLocation RefreshToken(Guid connectionId) => new(ConnectionsTable, "refresh_token", connectionId);

    /// <summary><c>table.column</c> of row <c>id</c>.</summary>
    public override string ToString() => $"{Table}.{Column} of row {RowId}";
}
