using Bob.Git.Abstractions;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Vault.Tests;

public sealed class TokenVaultTests : IDisposable
{
    private const string Token = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
    private static readonly Guid Row = Guid.Parse("6f1c1c4e-64d2-4b4e-9c37-2d7f4f0c5a11");
    private readonly byte[] _keyA = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _keyB = RandomNumberGenerator.GetBytes(32);
    private readonly VaultKeyRing _ringA;
    private readonly TokenVault _vault;

    public TokenVaultTests()
    {
        _ringA = new VaultKeyRing(_keyA);
        _vault = new TokenVault(_ringA);
    }

    public void Dispose() => _ringA.Dispose();

    [Fact]
    public void Encrypt_ThenDecrypt_GivesTheToken()
    {
        var encrypted = _vault.Encrypt(Token, TokenLocation.AccessToken(Row));

        Assert.Equal(Token, _vault.Decrypt(encrypted, TokenLocation.AccessToken(Row)));
        Assert.Equal(_ringA.CurrentKeyId, encrypted.KeyId);
        Assert.Equal(12, Convert.FromBase64String(encrypted.Iv).Length);
        Assert.Equal(16, Convert.FromBase64String(encrypted.Tag).Length);
        Assert.Equal(Token.Length, Convert.FromBase64String(encrypted.Ciphertext).Length);
        Assert.DoesNotContain(Token, encrypted.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> Parts => new() { "ciphertext", "iv", "tag" };

    [Theory]
    [MemberData(nameof(Parts))]
    public void Decrypt_AnySingleByteFlipped_Fails(string part)
    {
        var encrypted = _vault.Encrypt(Token, TokenLocation.AccessToken(Row));
        var original = Convert.FromBase64String(part switch { "ciphertext" => encrypted.Ciphertext, "iv" => encrypted.Iv, _ => encrypted.Tag });

        for (var i = 0; i < original.Length; i++)
        {
            foreach (var bit in new byte[] { 0x01, 0x80 })
            {
                var changed = (byte[])original.Clone();
                changed[i] ^= bit;
                var text = Convert.ToBase64String(changed);
                var tampered = part switch
                {
                    "ciphertext" => encrypted with { Ciphertext = text },
                    "iv" => encrypted with { Iv = text },
                    _ => encrypted with { Tag = text },
                };

                var ex = Assert.Throws<TokenDecryptionException>(() => _vault.Decrypt(tampered, TokenLocation.AccessToken(Row)));
                Assert.Equal(TokenDecryptionFailure.AuthenticationFailed, ex.Failure);
            }
        }
    }

    [Fact]
    public void Decrypt_MovedToAnotherRow_Fails()
    {
        var encrypted = _vault.Encrypt(Token, TokenLocation.AccessToken(Row));

        var ex = Assert.Throws<TokenDecryptionException>(() => _vault.Decrypt(encrypted, TokenLocation.AccessToken(Guid.NewGuid())));

        Assert.Equal(TokenDecryptionFailure.AuthenticationFailed, ex.Failure);
    }

    [Fact]
    public void Decrypt_RefreshTokenMovedIntoAccessTokenColumn_Fails()
    {
        var refresh = _vault.Encrypt("ghr_refresh", TokenLocation.RefreshToken(Row));

        Assert.Throws<TokenDecryptionException>(() => _vault.Decrypt(refresh, TokenLocation.AccessToken(Row)));
        Assert.Equal("ghr_refresh", _vault.Decrypt(refresh, TokenLocation.RefreshToken(Row)));
    }

    [Fact]
    public void Decrypt_WithAWrongKeyOfTheSameId_Fails()
    {
        var encrypted = _vault.Encrypt(Token, TokenLocation.AccessToken(Row));
        using var other = new VaultKeyRing(_keyB);

        // Claim the other ring's key id, so the vault tries its key rather than reporting an unknown key.
        var ex = Assert.Throws<TokenDecryptionException>(() => new TokenVault(other).Decrypt(encrypted with { KeyId = other.CurrentKeyId }, TokenLocation.AccessToken(Row)));

        Assert.Equal(TokenDecryptionFailure.AuthenticationFailed, ex.Failure);
    }

    [Fact]
    public void DecryptFailures_AreCountedByKind_OnTheVaultsMeter()
    {
        var encrypted = _vault.Encrypt(Token, TokenLocation.AccessToken(Row));
        using var other = new VaultKeyRing(_keyB);
        using var meters = new TestMeterFactory();
        var vault = new TokenVault(other, meters);
        using var failures = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(meters, TokenVault.MeterName, "bob.vault.decrypt.failures");

        Assert.Throws<TokenDecryptionException>(() => vault.Decrypt(encrypted with { KeyId = other.CurrentKeyId }, TokenLocation.AccessToken(Row)));
        Assert.Throws<TokenDecryptionException>(() => vault.Decrypt(encrypted, TokenLocation.AccessToken(Row)));

        var kinds = failures.GetMeasurementSnapshot().Select(m => m.Tags["bob.vault.failure"]).ToArray();
        Assert.Contains("authentication_failed", kinds);
        Assert.Contains("unknown_key", kinds);
    }

    [Fact]
    public void Decrypt_RetiredKey_NamesTheKeyIdButNeverKeyOrToken()
    {
        var encrypted = _vault.Encrypt(Token, TokenLocation.AccessToken(Row));
        using var onlyB = new VaultKeyRing(_keyB);

        var ex = Assert.Throws<TokenDecryptionException>(() => new TokenVault(onlyB).Decrypt(encrypted, TokenLocation.AccessToken(Row)));

        Assert.Equal(TokenDecryptionFailure.UnknownKey, ex.Failure);
        Assert.Contains(_ringA.CurrentKeyId, ex.Message, StringComparison.Ordinal);
        Assert.Contains(Row.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(_keyA), ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(_keyA), ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64", "AAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAA", "AAAA", "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAA", "AAAAAAAAAAAAAAAA", "AAAA")]
    public void Decrypt_MalformedColumns_FailsAsMalformed(string ciphertext, string iv, string tag)
    {
        var ex = Assert.Throws<TokenDecryptionException>(() =>
            _vault.Decrypt(new EncryptedToken(ciphertext, iv, tag, _ringA.CurrentKeyId), TokenLocation.AccessToken(Row)));

        Assert.Equal(TokenDecryptionFailure.Malformed, ex.Failure);
    }

    [Fact]
    public void Rotation_WrittenUnderA_ReadDuringRotation_RewrappedToB_ReadWithBAlone()
    {
        var underA = _vault.Encrypt(Token, TokenLocation.AccessToken(Row));

        using var rotating = new VaultKeyRing(_keyB, [_keyA]);
        var rotatingVault = new TokenVault(rotating);
        Assert.Equal(Token, rotatingVault.Decrypt(underA, TokenLocation.AccessToken(Row)));
        Assert.True(rotatingVault.NeedsRewrap(underA.KeyId));

        var underB = rotatingVault.Rewrap(underA, TokenLocation.AccessToken(Row));
        Assert.Equal(rotating.CurrentKeyId, underB.KeyId);
        Assert.Same(underB, rotatingVault.Rewrap(underB, TokenLocation.AccessToken(Row)));

        using var onlyB = new VaultKeyRing(_keyB);
        Assert.Equal(Token, new TokenVault(onlyB).Decrypt(underB, TokenLocation.AccessToken(Row)));
        Assert.Throws<TokenDecryptionException>(() => new TokenVault(onlyB).Decrypt(underA, TokenLocation.AccessToken(Row)));
    }

    [Fact]
    public void Encrypt_LoneSurrogate_IsRefusedRatherThanAltered() =>
        Assert.Throws<ArgumentException>(() => _vault.Encrypt("tok\uD800en", TokenLocation.AccessToken(Row)));

    [Fact]
    public void KeyIds_AreStableAndDistinct()
    {
        Assert.Equal(VaultKeyRing.ComputeKeyId(_keyA), _ringA.CurrentKeyId);
        Assert.NotEqual(VaultKeyRing.ComputeKeyId(_keyA), VaultKeyRing.ComputeKeyId(_keyB));
        Assert.Matches("^[0-9a-f]{16}$", _ringA.CurrentKeyId);
    }

    [Fact]
    public void Disposed_KeyRing_RefusesToWork()
    {
        var ring = new VaultKeyRing(_keyA);
        ring.Dispose();

        Assert.Throws<ObjectDisposedException>(() => new TokenVault(ring).Encrypt(Token, TokenLocation.AccessToken(Row)));
    }

    private static readonly Gen<string> UnicodeTokens =
        from length in Gen.Choose(0, 16 * 1024 / 4)
        from codePoints in Gen.ArrayOf(Gen.OneOf(Gen.Choose(0x20, 0x7E), Gen.Choose(0xA0, 0xD7FF), Gen.Choose(0xE000, 0xFFFD), Gen.Choose(0x10000, 0x10FFFF)), length)
        select string.Concat(codePoints.Select(char.ConvertFromUtf32));

    [Property(MaxTest = 200)]
    public Property EncryptThenDecrypt_RoundTripsAnyUnicodeToken() =>
        Prop.ForAll(UnicodeTokens.ToArbitrary(), ArbMap.Default.ArbFor<Guid>(), (token, row) =>
            _vault.Decrypt(_vault.Encrypt(token, TokenLocation.AccessToken(row)), TokenLocation.AccessToken(row)) == token);

    [Fact]
    public void Encrypt_SameTokenManyTimes_NeverRepeatsAnIv()
    {
        var ivs = Enumerable.Range(0, 5000).Select(_ => _vault.Encrypt(Token, TokenLocation.AccessToken(Row)).Iv).ToList();

        Assert.Equal(ivs.Count, ivs.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Meters scoped to one test, so its collector sees its own vault's instruments only.</summary>
    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(new System.Diagnostics.Metrics.MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
