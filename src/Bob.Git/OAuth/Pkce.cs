using System.Security.Cryptography;
using System.Text;

namespace Bob.Git;

/// <summary>PKCE (RFC 7636) with S256, and the random <c>state</c> value of an authorization request.</summary>
public static class Pkce
{
    /// <summary>A new code verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43-128).</summary>
    public static string CreateVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The S256 challenge of a verifier: <c>BASE64URL(SHA256(ASCII(verifier)))</c>.</summary>
    public static string Challenge(string verifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(verifier);
        return Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>A new anti-forgery state: 32 random bytes, base64url.</summary>
    public static string CreateState() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
