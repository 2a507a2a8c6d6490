using System.Security.Cryptography;
using Bob.Git.Abstractions;

namespace Bob.Vault.Tests;

public sealed class VaultKeyParserTests
{
    [Fact]
    public void ParseKey_Base64Of32Bytes_ReturnsThem()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(bytes, VaultKeyParser.ParseKey(Convert.ToBase64String(bytes), "GIT_TOKEN_ENCRYPTION_KEY"));
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("not base64!", "is not valid base64")]
    [InlineData("c2hvcnQ=", "decodes to 5 bytes")]
    public void ParseKey_BadValue_NamesTheSettingButNotTheValue(string? value, string fragment)
    {
        var ex = Assert.Throws<BobConfigurationException>(() => VaultKeyParser.ParseKey(value, "GIT_TOKEN_ENCRYPTION_KEY"));

        Assert.StartsWith("GIT_TOKEN_ENCRYPTION_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(value))
        {
            Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ParseKeyList_NamesTheBadEntry()
    {
        var good = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var ex = Assert.Throws<BobConfigurationException>(() => VaultKeyParser.ParseKeyList($"{good}, c2hvcnQ=", "GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS"));

        Assert.Contains("GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS (entry 2)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, VaultKeyParser.ParseKeyList($"{good},,{good}", "X").Count);
        Assert.Empty(VaultKeyParser.ParseKeyList("  ", "X"));
    }
}
