namespace Bob.Git.Abstractions;

/// <summary>The account a token belongs to, and what the token may do.</summary>
/// <param name="AccountId">The provider's stable numeric or opaque account id, stored as <c>provider_account_id</c>.</param>
/// <param name="Login">The user name.</param>
/// <param name="DisplayName">The display name, when set.</param>
/// <param name="Scopes">The scopes the token was granted, when the provider reports them (GitHub fine-grained tokens do not).</param>
public sealed record ProviderUser(string AccountId, string Login, string? DisplayName, IReadOnlyList<string> Scopes);
