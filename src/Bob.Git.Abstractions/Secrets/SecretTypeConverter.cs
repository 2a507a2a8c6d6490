using System.ComponentModel;
using System.Globalization;

namespace Bob.Git.Abstractions;

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
