namespace Bob.Git.Abstractions.Tests;

/// <summary>A connection store sees only ciphertext: no member of its contract takes or returns a plaintext <see cref="TokenSet"/>.</summary>
public sealed class ConnectionStoreContractTests
{
    [Fact]
    public void NoStoreMember_TakesOrReturnsPlaintextTokens()
    {
        var plaintext = typeof(IGitConnectionStore).GetMethods()
            .SelectMany(m => m.GetParameters().Select(p => (Member: $"{m.Name}({p.Name})", p.ParameterType)).Append((Member: $"{m.Name} returns", m.ReturnType)))
            .Where(x => Mentions(x.Item2, typeof(TokenSet)))
            .Select(x => x.Member)
            .ToArray();

        Assert.Empty(plaintext);
        Assert.Contains(typeof(IGitConnectionStore).GetMethods(), m => Mentions(m.ReturnType, typeof(ProtectedTokenSet)));
    }

    private static bool Mentions(Type type, Type target) =>
        type == target || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, target)));
}
