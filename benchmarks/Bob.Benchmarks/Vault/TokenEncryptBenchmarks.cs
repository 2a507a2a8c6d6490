using Bob.Git.Abstractions;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bob.Vault;

namespace Bob.Benchmarks.Vault;

/// <summary>Encrypting one token: bare HKDF + AES-GCM on preallocated buffers (the floor), Bob.Vault, and ASP.NET Core DataProtection.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class TokenEncryptBenchmarks : VaultBenchmarkState
{
    [Benchmark(Baseline = true)]
    public byte[] HkdfAesGcm()
    {
        HKDF.DeriveKey(HashAlgorithmName.SHA256, MasterKey, RowKey, Salt, Info);
        RandomNumberGenerator.Fill(Iv);
        using var aes = new AesGcm(RowKey, 16);
        aes.Encrypt(Iv, TokenUtf8, Output, Tag, AssociatedData);
        return Output;
    }

    [Benchmark]
    public EncryptedToken BobVault() => Vault.Encrypt(Token, TokenLocation.AccessToken(RowId));

    [Benchmark]
    public string DataProtection() => Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(Protector, Token);
}
