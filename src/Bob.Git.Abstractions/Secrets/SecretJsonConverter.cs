using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bob.Git.Abstractions;

/// <summary>Writes <see cref="Secret"/> as <c>"***"</c> and reads a JSON string into one.</summary>
public sealed class SecretJsonConverter : JsonConverter<Secret>
{
    /// <inheritdoc />
    public override Secret? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : new Secret(reader.GetString() ?? "");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Secret.Redacted);
    }
}
