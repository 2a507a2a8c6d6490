namespace Bob.Git;

/// <summary>What testing a connection found (SPEC §3 <c>POST /api/connections/{id}/test</c>).</summary>
/// <param name="Ok">Whether the provider accepted the token.</param>
/// <param name="Login">The account's user name, when it did.</param>
/// <param name="Scopes">The token's scopes, when the provider reports them.</param>
/// <param name="Error">Why not, when it did not; never contains a token.</param>
public sealed record ConnectionTestResult(bool Ok, string? Login, IReadOnlyList<string> Scopes, string? Error = null)
{
    /// <summary>For a <c>github-app</c> connection, its installation's half of the test; <see langword="null"/> otherwise.</summary>
    public ConnectionTestInstallation? Installation { get; init; }
}
