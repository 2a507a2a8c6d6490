namespace Bob.Webhooks.AspNetCore.Internal;

/// <summary>Source-generated JSON for the receivers' answers.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(WebhookAcceptedResponse))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class WebhookJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
