using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bob.Vault;

/// <summary>
/// A secret value (key, token, client secret) that does not show itself: <see cref="ToString"/>, the debugger,
/// structured logging and JSON serialization all see <c>***</c>. Read it deliberately with <see cref="Reveal"/>.
/// </summary>
/// <remarks>Configuration binding converts strings to <see cref="Secret"/> (through its type converter), so options can hold secrets directly.</remarks>
[DebuggerDisplay("***")]
[TypeConverter(typeof(SecretTypeConverter))]
[JsonConverter(typeof(SecretJsonConverter))]
public sealed class Secret : IEquatable<Secret>
{
    /// <summary>What every string form of a secret shows.</summary>
    public const string Redacted = "***";

    private readonly string _value;

    /// <summary>Wraps a secret value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The length of the value, which is safe to show.</summary>
    public int Length => _value.Length;

    /// <summary>Returns the secret value. Never log or return what this gives.</summary>
    public string Reveal() => _value;

    /// <summary>Returns <c>***</c>.</summary>
    public override string ToString() => Redacted;

    /// <summary>Compares in constant time for values of equal length.</summary>
    public bool Equals(Secret? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(_value), Encoding.UTF8.GetBytes(other._value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Secret);

    /// <summary>A hash that reveals nothing about the value (all secrets of one length share it).</summary>
    public override int GetHashCode() => _value.Length;
}

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

/// <summary>Lets configuration binding turn strings into <see cref="Secret"/>s; converting back yields <c>***</c>.</summary>
public sealed class SecretTypeConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? new Secret(text) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is Secret ? Secret.Redacted : base.ConvertTo(context, culture, value, destinationType);
}
