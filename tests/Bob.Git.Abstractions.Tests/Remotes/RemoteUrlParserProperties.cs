using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Git.Abstractions.Tests.Remotes;

public sealed class RemoteUrlParserProperties
{
    private static readonly GitInstance[] Instances =
    [
        GitInstance.GitHubCom,
        GitInstance.GitLabCom,
        GitInstance.Create(GitProvider.GitHub, "https://github.acme-corp.com"),
        GitInstance.Create(GitProvider.GitLab, "https://git.example.org/gitlab"),
        GitInstance.Create(GitProvider.GitLab, "https://gitlab.example.net:8443"),
        GitInstance.Create(GitProvider.Gitea, "https://codeberg.org"),
        GitInstance.Create(GitProvider.Gitea, "http://gitea.local:3000/forge"),
    ];

    private static readonly RemoteUrlParser Parser = new(Instances);

    private static Gen<string> Segment(string first, string rest, int maxLength) =>
        from head in Gen.Elements(first.ToCharArray())
        from tail in Gen.ArrayOf(Gen.Elements(rest.ToCharArray()))
        let text = head + new string(tail)
        select text.Length > maxLength ? text[..maxLength] : text;

    private static readonly Gen<RemoteRepositoryIdentity> Identities =
        from instance in Gen.Elements(Instances)
        from depth in instance.Provider == GitProvider.GitLab ? Gen.Choose(1, 4) : Gen.Constant(1)
        from owner in Gen.ArrayOf(Segment(
                "abcXYZ019",
                instance.Provider == GitProvider.GitHub ? "abcXYZ019-_" : "abcXYZ019-_.",
                30), depth)
            .Where(segments => segments.All(s => !s.EndsWith(".git", StringComparison.OrdinalIgnoreCase) && !s.EndsWith(".atom", StringComparison.OrdinalIgnoreCase)))
        from name in Segment("abcXYZ019_", "abcXYZ019-_.", 40)
            .Where(n => !n.EndsWith(".git", StringComparison.OrdinalIgnoreCase) && !n.EndsWith(".atom", StringComparison.OrdinalIgnoreCase))
        select new RemoteRepositoryIdentity(instance, string.Join('/', owner), name);

    private static readonly Gen<RemoteUrlKind> Kinds = Gen.Elements(RemoteUrlKind.Https, RemoteUrlKind.Ssh, RemoteUrlKind.ScpLike, RemoteUrlKind.Git);

    [Property(MaxTest = 500)]
    public Property FormatThenParse_GivesTheSameIdentity() =>
        Prop.ForAll(Identities.ToArbitrary(), Kinds.ToArbitrary(), (identity, kind) =>
        {
            var parsed = Parser.Parse(identity.ToRemoteUrl(kind)).Identity;
            return parsed.Equals(identity)
                && parsed.Owner == identity.Owner
                && parsed.Name == identity.Name
                && parsed.InstanceUrl == identity.InstanceUrl;
        });

    [Property(MaxTest = 300)]
    public Property Parse_IgnoresTrailingSlashAndDotGitAndCase() =>
        Prop.ForAll(Identities.ToArbitrary(), Gen.Elements("", "/", ".git", ".git/").ToArbitrary(), (identity, suffix) =>
        {
            var url = identity.WebUrl + suffix;
            return Parser.Parse(url).Identity.Equals(identity)
                && Parser.Parse(url.ToUpperInvariant().Replace("HTTP", "http", StringComparison.Ordinal)).Identity.Provider == identity.Provider;
        });

    [Property(MaxTest = 300)]
    public Property Parse_NeverKeepsCredentials() =>
        Prop.ForAll(
            Identities.Where(i => i.Instance.Scheme == "https").ToArbitrary(),
            Gen.ArrayOf(Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".ToCharArray()), 20).Select(c => "tok" + new string(c)).ToArbitrary(),
            (identity, token) =>
            {
                var withCredentials = identity.WebUrl.Replace("https://", $"https://x-access-token:{token}@", StringComparison.Ordinal);
                var parsed = Parser.Parse(withCredentials);
                return parsed.HadCredentials
                    && parsed.Identity.Equals(identity)
                    && !parsed.SanitizedUrl.Contains(token, StringComparison.Ordinal);
            });

    [Property(MaxTest = 500)]
    public Property TryParse_NeverThrows_OnArbitraryText() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var ok = Parser.TryParse(text, null, out var result, out var error);
            return ok ? result is not null && error is null : result is null && !string.IsNullOrEmpty(error);
        });
}
