using Bob.Git.Abstractions;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bob.Vault;

namespace Bob.Benchmarks.Vault;

/// <summary>Decrypting one token: bare HKDF + AES-GCM on preallocated buffers (the floor), Bob.Vault, and ASP.NET Core DataProtection.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class TokenDecryptBenchmarks : VaultBenchmarkState
{
    private byte[] _ciphertext = [];
    private EncryptedToken _encrypted = null!;
    private string _protected = "";

    public override void Setup()
    {
        base.Setup();
        HKDF.DeriveKey(HashAlgorithmName.SHA256, MasterKey, RowKey, Salt, Info);
        RandomNumberGenerator.Fill(Iv);
        _ciphertext = new byte[TokenBytes];
        using (var aes = new AesGcm(RowKey, 16))
        {
            aes.Encrypt(Iv, TokenUtf8, _ciphertext, Tag, AssociatedData);
        }

        _encrypted = Vault.Encrypt(Token, TokenLocation.AccessToken(RowId));
        _protected = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(Protector, Token);
    }

    [Benchmark(Baseline = true)]
    public byte[] HkdfAesGcm()
    {
        HKDF.DeriveKey(HashAlgorithmName.SHA256, MasterKey, RowKey, Salt, Info);
        using var aes = new AesGcm(RowKey, 16);
        aes.Decrypt(Iv, _ciphertext, Tag, Output, AssociatedData);
        return Output;
    }

    [Benchmark]
    public string BobVault() => Vault.Decrypt(_encrypted, TokenLocation.AccessToken(RowId));

    [Benchmark]
    public string DataProtection() => Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Unprotect(Protector, _protected);
}
