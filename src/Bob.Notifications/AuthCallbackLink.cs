namespace Bob.Notifications;

/// <summary><c>bob://auth/callback?...</c>: an OAuth callback handed to the app.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Code">The authorization code, when the user approved.</param>
/// <param name="State">The state the flow started with.</param>
/// <param name="Error">The provider's error, when the user did not approve.</param>
/// <param name="ErrorDescription">The provider's description of it.</param>
public sealed record AuthCallbackLink(string Provider, string? Code, string? State, string? Error, string? ErrorDescription) : DeepLink
{
    /// <summary>For a GitHub App installation's setup: the installation id GitHub named (not to be trusted before the app completes with it).</summary>
    public string? InstallationId { get; init; }

    /// <inheritdoc />
    public override Uri ToUri() => DeepLinks.AuthCallback(
        new (string Name, string? Value)[] { ("provider", Provider), ("code", Code), ("state", State), ("error", Error), ("error_description", ErrorDescription), ("installation_id", InstallationId) }
            .Where(p => p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Name, p.Value!)));

    /// <inheritdoc />
    public override string ToString() => $"AuthCallbackLink {{ Provider = {Provider}, Code = {(Code is null ? "none" : "(redacted)")}, State = {(State is null ? "none" : "(redacted)")}, Error = {Error} }}";
}
