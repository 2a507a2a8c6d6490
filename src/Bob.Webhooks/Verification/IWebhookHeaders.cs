namespace Bob.Webhooks;

/// <summary>Read access to a request's headers by case-insensitive name, so verifiers need no web framework.</summary>
public interface IWebhookHeaders
{
    /// <summary>The header's value, or <see langword="null"/> when it is absent.</summary>
    string? Get(string name);
}
