using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using System.Text;
using Bob.Vault;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Benchmarks.Vault;

/// <summary>What the encrypt and decrypt benchmarks share: a key, a row, a token of the given size and the three ways to protect it.</summary>
public abstract class VaultBenchmarkState : IDisposable
{
    protected static readonly Guid RowId = Guid.Parse("6f1c1c4e-64d2-4b4e-9c37-2d7f4f0c5a11");
    protected static readonly byte[] Info = "bob-vault:v1:aes-256-gcm"u8.ToArray();

    [Params(40, 1024)]
    public int TokenBytes { get; set; }

    protected byte[] MasterKey { get; } = RandomNumberGenerator.GetBytes(32);

    protected string Token { get; private set; } = "";

    protected byte[] TokenUtf8 { get; private set; } = [];

    protected VaultKeyRing Keys { get; private set; } = null!;

    protected TokenVault Vault { get; private set; } = null!;

    protected IDataProtector Protector { get; private set; } = null!;

    // Preallocated buffers of the baseline: the floor is HKDF plus AES-GCM and nothing else.
    protected byte[] Salt { get; } = Encoding.UTF8.GetBytes(RowId.ToString("D"));
    protected byte[] RowKey { get; } = new byte[32];
    protected byte[] Iv { get; } = new byte[12];
    protected byte[] Tag { get; } = new byte[16];
    protected byte[] Output { get; private set; } = [];
    protected byte[] AssociatedData { get; } = Encoding.UTF8.GetBytes($"bob-vault:v1|git_provider_connections|access_token|{RowId:D}|0123456789abcdef");

    [GlobalSetup]
    public virtual void Setup()
    {
        // An ASCII token of the size a provider issues: 40 bytes is a GitHub token, 1 KB a JWT-style one.
        Token = new string('x', TokenBytes - 4).Insert(0, "gho_");
        TokenUtf8 = Encoding.UTF8.GetBytes(Token);
        Output = new byte[TokenBytes];
        Keys = new VaultKeyRing(MasterKey);
        Vault = new TokenVault(Keys);
        Protector = new ServiceCollection().AddDataProtection().UseEphemeralDataProtectionProvider().Services
            .BuildServiceProvider().GetDataProtector("git_provider_connections.access_token");
    }

    public void Dispose()
    {
        Keys?.Dispose();
        GC.SuppressFinalize(this);
    }
}
