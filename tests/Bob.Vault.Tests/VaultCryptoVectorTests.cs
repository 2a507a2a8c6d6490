using Bob.Vault.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Vault.Tests;

/// <summary>Published test vectors run through the derivation and AEAD code the vault itself uses.</summary>
public sealed class VaultCryptoVectorTests
{
    // RFC 5869 Appendix A.1-A.3 (HKDF-SHA256).
    [Theory]
    [InlineData(
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "000102030405060708090a0b0c",
        "f0f1f2f3f4f5f6f7f8f9",
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")]
    [InlineData(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
        "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87")]
    [InlineData(
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "",
        "",
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")]
    public void Hkdf_Rfc5869Vectors(string ikm, string salt, string info, string okm)
    {
        var output = new byte[okm.Length / 2];

        VaultCrypto.Hkdf(Convert.FromHexString(ikm), Convert.FromHexString(salt), Convert.FromHexString(info), output);

        Assert.Equal(okm, Convert.ToHexStringLower(output));
    }

    // The GCM specification (McGrew and Viega), test cases 13-16 (AES-256), and one NIST CAVP gcmEncryptExtIV256 vector.
    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919")]
    [InlineData(
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
        "",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
        "b094dac5d93471bdec1a502270e3cc6c")]
    [InlineData(
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b")]
    [InlineData(
        "83688deb4af8007f9b713b47cfa6c73e35ea7a3aa4ecdb414dded03bf7a0fd3a", "0b459724904e010a46901cf3",
        "33d893a2114ce06fc15d55e454cf90c3", "794a14ccd178c8ebfd1379dc704c5e208f9d8424",
        "cc66bee423e3fcd4c0865715e9586696", "0fb291bd3dba94a1dfd8b286cfb97ac5")]
    public void AesGcm_SpecificationVectors_SealAndOpen(string key, string iv, string plaintext, string aad, string ciphertext, string tag)
    {
        var p = Convert.FromHexString(plaintext);
        var c = new byte[p.Length];
        var t = new byte[16];

        VaultCrypto.Seal(Convert.FromHexString(key), Convert.FromHexString(iv), p, c, t, Convert.FromHexString(aad));

        Assert.Equal(ciphertext, Convert.ToHexStringLower(c));
        Assert.Equal(tag, Convert.ToHexStringLower(t));
        var opened = new byte[c.Length];
        VaultCrypto.Open(Convert.FromHexString(key), Convert.FromHexString(iv), c, t, opened, Convert.FromHexString(aad));
        Assert.Equal(p, opened);
    }

    [Fact]
    public void RowKey_IsHkdfOfMasterKeyWithRowIdSaltAndDocumentedInfo()
    {
        var master = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var row = Guid.Parse("0b6c3a52-8a55-4e64-9d8f-1e4f2c6a7b90");
        var expected = new byte[32];
        System.Security.Cryptography.HKDF.DeriveKey(
            System.Security.Cryptography.HashAlgorithmName.SHA256, master, expected,
            "0b6c3a52-8a55-4e64-9d8f-1e4f2c6a7b90"u8.ToArray(), "bob-vault:v1:aes-256-gcm"u8.ToArray());
        var actual = new byte[32];

        VaultCrypto.DeriveRowKey(master, row, actual);

        Assert.Equal(expected, actual);
    }
}

public sealed class VaultCryptoProperties
{
    private static readonly Gen<byte[]> Bytes = Gen.Choose(0, 200).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    [Property(MaxTest = 300)]
    public Property Hkdf_MatchesTheBcl_ForAnyInputs() =>
        Prop.ForAll(
            (from ikm in Bytes.Where(b => b.Length > 0) from salt in Bytes from info in Bytes from length in Gen.Choose(1, 100) select (ikm, salt, info, length)).ToArbitrary(),
            input =>
        {
            var (ikm, salt, info, length) = input;
            var expected = new byte[length];
            var actual = new byte[length];
            System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256, ikm, expected, salt, info);
            VaultCrypto.Hkdf(ikm, salt, info, actual);
            return expected.AsSpan().SequenceEqual(actual);
        });

    [Property(MaxTest = 300)]
    public Property HmacSha256_MatchesTheBcl_ForAnyKeyAndMessage() =>
        Prop.ForAll(Bytes.ToArbitrary(), Bytes.ToArbitrary(), (key, message) =>
        {
            var actual = new byte[32];
            VaultCrypto.HmacSha256(key, message, actual);
            return System.Security.Cryptography.HMACSHA256.HashData(key, message).AsSpan().SequenceEqual(actual);
        });
}
