namespace Bob.Postgres;

/// <summary>Source-generated JSON for what the stores write.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class PostgresJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
