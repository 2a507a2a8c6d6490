using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bob.Git.Abstractions;

/// <summary>Reads and writes <see cref="GitProvider"/> as its lower-case wire name.</summary>
public sealed class GitProviderJsonConverter : JsonConverter<GitProvider>
{
    /// <inheritdoc />
    public override GitProvider Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A git provider must be a string: 'github', 'gitlab' or 'gitea'.");
        }

        var text = reader.GetString();
        return GitProviderNames.TryParse(text, out var provider)
            ? provider
            : throw new JsonException($"'{text}' is not a git provider; expected 'github', 'gitlab' or 'gitea'.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, GitProvider value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToWireName());
    }
}
