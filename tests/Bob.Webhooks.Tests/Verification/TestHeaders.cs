namespace Bob.Webhooks.Tests.Verification;

internal sealed class TestHeaders(params (string Name, string? Value)[] headers) : IWebhookHeaders
{
    public string? Get(string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
