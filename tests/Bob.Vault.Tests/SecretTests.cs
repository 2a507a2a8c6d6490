using System.ComponentModel;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Vault.Tests;

public sealed class SecretTests
{
    private readonly Secret _secret = new("ghp_SUPERSECRETVALUE");

    [Fact]
    public void StringForms_NeverShowTheValue()
    {
        Assert.Equal("***", _secret.ToString());
        Assert.Equal("***", $"{_secret}");
        Assert.Equal("\"***\"", JsonSerializer.Serialize(_secret));
        Assert.DoesNotContain("SUPERSECRET", JsonSerializer.Serialize(new { token = _secret }), StringComparison.Ordinal);
        Assert.Equal("***", TypeDescriptor.GetConverter(typeof(Secret)).ConvertToString(_secret));
    }

    [Fact]
    public void Reveal_GivesTheValue() => Assert.Equal("ghp_SUPERSECRETVALUE", _secret.Reveal());

    [Fact]
    public void TypeConverter_ReadsConfigurationStrings() =>
        Assert.Equal("abc", ((Secret)TypeDescriptor.GetConverter(typeof(Secret)).ConvertFromString("abc")!).Reveal());

    [Fact]
    public void Equality_ComparesValues()
    {
        Assert.Equal(new Secret("a"), new Secret("a"));
        Assert.NotEqual(new Secret("a"), new Secret("b"));
    }
}
