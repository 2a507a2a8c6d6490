using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Bob.Git.Abstractions;

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
