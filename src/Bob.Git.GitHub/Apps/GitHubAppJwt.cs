using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bob.Git.GitHub;

/// <summary>
/// Signs a GitHub App's JSON Web Tokens (issue 22): RS256 over <c>{"iat": now − 60 s, "exp": now + 9 min, "iss": client id
/// or app id}</c>, as GitHub's "Generating a JSON Web Token (JWT) for a GitHub App" asks (<c>iat</c> 60 s back against clock
/// drift, <c>exp</c> at most 10 minutes on). Made with the BCL's <see cref="RSA"/>: a JWT library adds nothing for one fixed
/// header and three claims. The key never leaves this object; <see cref="ToString"/> names the issuer only.
/// </summary>
public sealed class GitHubAppJwt : IDisposable
{
    /// <summary>How far back <c>iat</c> is set, against clock drift.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);

    /// <summary>How long a token lasts (GitHub allows at most 10 minutes).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    private static readonly string Header = Encode("""{"alg":"RS256","typ":"JWT"}"""u8);
    private readonly RSA _key;

    private GitHubAppJwt(RSA key, string issuer)
    {
        _key = key;
        Issuer = issuer;
    }

    /// <summary>The <c>iss</c> claim: the App's client id, or its app id.</summary>
    public string Issuer { get; }

    /// <summary>Reads the key of <paramref name="options"/> (its file or its value).</summary>
    /// <exception cref="InvalidOperationException">A setting is missing, the file cannot be read, or the key is not an RSA private key in PEM; the message names the setting, never the key.</exception>
    public static GitHubAppJwt Create(GitHubAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MissingForTokens is { } missing)
        {
            throw new InvalidOperationException($"The GitHub App cannot sign tokens: {missing}");
        }

        var setting = options.PrivateKeyPath is not null ? "Providers:GitHub:App:PrivateKeyPath" : "Providers:GitHub:App:PrivateKey";
        string pem;
        try
        {
            pem = options.PrivateKeyPath is { } path ? File.ReadAllText(path) : options.PrivateKey!.Reveal();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting} cannot be read: {ex.GetType().Name}.");
        }

        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize < 2048)
            {
                throw new CryptographicException("too short");
            }

            // A public key imports too; signing needs the private part.
            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{setting} is not an RSA private key of at least 2048 bits in PEM (GitHub's downloaded .pem file is).");
        }

        var issuer = !string.IsNullOrWhiteSpace(options.ClientId) ? options.ClientId.Trim() : options.AppId!.Value.ToString(CultureInfo.InvariantCulture);
        return new GitHubAppJwt(key, issuer);
    }

    /// <summary>A token valid from <paramref name="now"/> − 60 s to <paramref name="now"/> + 9 min.</summary>
    public string Create(DateTimeOffset now)
    {
        var payload = string.Create(CultureInfo.InvariantCulture,
            $$"""{"iat":{{(now - Backdate).ToUnixTimeSeconds()}},"exp":{{(now + Lifetime).ToUnixTimeSeconds()}},"iss":{{System.Text.Json.JsonSerializer.Serialize(Issuer)}}}""");
        var signed = $"{Header}.{Encode(Encoding.UTF8.GetBytes(payload))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Encode(signature)}";
    }

    /// <inheritdoc />
    public override string ToString() => $"GitHub App JWT signer (iss {Issuer})";

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
