namespace Bob.Git.Abstractions;

/// <summary>An OAuth authorization between its start and its callback. Its string form shows neither state nor verifier.</summary>
/// <param name="State">The anti-forgery state sent to the provider (stores keep only a hash of it).</param>
/// <param name="UserId">Who started it.</param>
/// <param name="Instance">The instance being authorized.</param>
/// <param name="CodeVerifier">The PKCE verifier (stores keep it encrypted).</param>
/// <param name="RedirectUri">The callback URL sent to the provider, which the code exchange must repeat.</param>
/// <param name="ExpiresAt">After this the callback is refused.</param>
public sealed record PendingAuthorization(string State, Guid UserId, GitInstance Instance, string CodeVerifier, Uri RedirectUri, DateTimeOffset ExpiresAt)
{
    /// <summary>Describes it without the state or verifier.</summary>
    public override string ToString() => $"PendingAuthorization {{ UserId = {UserId}, Instance = {Instance}, ExpiresAt = {ExpiresAt:O} }}";
}
