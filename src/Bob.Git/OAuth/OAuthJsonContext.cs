using System.Text.Json.Serialization;

namespace Bob.Git.Internal;

/// <summary>Source-generated serialization of token endpoint answers.</summary>
[JsonSerializable(typeof(OAuthTokenResponse))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;
