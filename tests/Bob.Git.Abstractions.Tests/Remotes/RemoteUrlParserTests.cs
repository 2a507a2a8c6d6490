namespace Bob.Git.Abstractions.Tests.Remotes;

public sealed class RemoteUrlParserTests
{
    internal static readonly RemoteUrlParser Parser = new(
    [
        GitInstance.Create(GitProvider.GitHub, "https://github.acme-corp.com"),
        GitInstance.Create(GitProvider.GitLab, "https://git.example.org/gitlab/"),
        GitInstance.Create(GitProvider.GitLab, "https://gitlab.gnome.org"),
        GitInstance.Create(GitProvider.GitLab, "https://salsa.debian.org"),
        GitInstance.Create(GitProvider.GitLab, "https://invent.kde.org"),
        GitInstance.Create(GitProvider.Gitea, "https://codeberg.org"),
        GitInstance.Create(GitProvider.Gitea, "https://gitea.com"),
        GitInstance.Create(GitProvider.Gitea, "http://gitea.local:3000"),
    ]);

    // input, provider hint, expected provider, expected instance_url (null = github.com / gitlab.com), owner, name
    public static TheoryData<string, string?, string, string?, string, string> ValidRemotes => new()
    {
        { "https://github.com/dotnet/runtime.git", null, "github", null, "dotnet", "runtime" },
        { "https://github.com/dotnet/runtime", null, "github", null, "dotnet", "runtime" },
        { "https://github.com/dotnet/runtime/", null, "github", null, "dotnet", "runtime" },
        { "https://github.com/dotnet/runtime.git/", null, "github", null, "dotnet", "runtime" },
        { "git@github.com:octokit/octokit.net.git", null, "github", null, "octokit", "octokit.net" },
        { "git@github.com:octokit/octokit.net", null, "github", null, "octokit", "octokit.net" },
        { "ssh://git@github.com/npgsql/npgsql.git", null, "github", null, "npgsql", "npgsql" },
        { "ssh://git@ssh.github.com:443/npgsql/npgsql.git", null, "github", null, "npgsql", "npgsql" },
        { "git+ssh://git@github.com/DapperLib/Dapper.git", null, "github", null, "DapperLib", "Dapper" },
        { "git://github.com/git/git.git", null, "github", null, "git", "git" },
        { "https://www.github.com/torvalds/linux", null, "github", null, "torvalds", "linux" },
        { "github.com:torvalds/linux.git", null, "github", null, "torvalds", "linux" },
        { "https://github.com/App-vNext/Polly?tab=readme-ov-file", null, "github", null, "App-vNext", "Polly" },
        { "https://github.com/App-vNext/Polly#readme", null, "github", null, "App-vNext", "Polly" },
        { "https://github.com/octo-org/.github", null, "github", null, "octo-org", ".github" },
        { "https://github.com/octocat_acme/hello-world", null, "github", null, "octocat_acme", "hello-world" },
        { "https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com/acme/web.git", null, "github", null, "acme", "web" },
        { "https://ghp_FAKE-TOKEN-NOT-REAL@github.com/acme/web", null, "github", null, "acme", "web" },
        { "https://github.acme-corp.com/platform/api.git", null, "github", "https://github.acme-corp.com", "platform", "api" },
        { "git@github.acme-corp.com:platform/api.git", null, "github", "https://github.acme-corp.com", "platform", "api" },
        { "https://gitlab.com/gitlab-org/gitlab-runner.git", null, "gitlab", null, "gitlab-org", "gitlab-runner" },
        { "git@gitlab.com:gitlab-org/cli.git", null, "gitlab", null, "gitlab-org", "cli" },
        { "https://gitlab.com/gitlab-org/security-products/analyzers/semgrep.git", null, "gitlab", null, "gitlab-org/security-products/analyzers", "semgrep" },
        { "git@gitlab.com:gitlab-org/security-products/analyzers/semgrep.git", null, "gitlab", null, "gitlab-org/security-products/analyzers", "semgrep" },
        { "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1", null, "gitlab", null, "gitlab-org", "gitlab" },
        { "https://oauth2:glpat-FAKE.NOT.REAL@gitlab.com/gitlab-org/gitlab.git", null, "gitlab", null, "gitlab-org", "gitlab" },
        { "ssh://git@altssh.gitlab.com:443/gitlab-org/gitlab.git", null, "gitlab", null, "gitlab-org", "gitlab" },
        { "https://gitlab.com/Group/SubGroup/Project.git", null, "gitlab", null, "Group/SubGroup", "Project" },
        { "https://git.example.org/gitlab/platform/tools/cli.git", null, "gitlab", "https://git.example.org/gitlab", "platform/tools", "cli" },
        { "git@git.example.org:platform/tools/cli.git", null, "gitlab", "https://git.example.org/gitlab", "platform/tools", "cli" },
        { "https://gitlab.gnome.org/GNOME/gtk.git", null, "gitlab", "https://gitlab.gnome.org", "GNOME", "gtk" },
        { "https://salsa.debian.org/apt-team/apt.git", null, "gitlab", "https://salsa.debian.org", "apt-team", "apt" },
        { "https://invent.kde.org/plasma/kwin.git", null, "gitlab", "https://invent.kde.org", "plasma", "kwin" },
        { "https://codeberg.org/forgejo/forgejo.git", null, "gitea", "https://codeberg.org", "forgejo", "forgejo" },
        { "ssh://git@codeberg.org/Codeberg/pages-server.git", null, "gitea", "https://codeberg.org", "Codeberg", "pages-server" },
        { "https://gitea.com/gitea/tea.git", null, "gitea", "https://gitea.com", "gitea", "tea" },
        { "http://gitea.local:3000/team/app.git", null, "gitea", "http://gitea.local:3000", "team", "app" },
        { "ssh://git@gitea.local:2222/team/app.git", null, "gitea", "http://gitea.local:3000", "team", "app" },
        { "https://git.internal.example/team/svc.git", "gitea", "gitea", "https://git.internal.example", "team", "svc" },
        { "git@gitlab.internal.example:group/sub/proj.git", "gitlab", "gitlab", "https://gitlab.internal.example", "group/sub", "proj" },
        { "https://ghe.internal.example:8443/org/repo", "github", "github", "https://ghe.internal.example:8443", "org", "repo" },
        { "https://[::1]:3000/team/app.git", "gitea", "gitea", "https://[::1]:3000", "team", "app" },
        { "  https://github.com/dotnet/runtime.git  ", null, "github", null, "dotnet", "runtime" },
        { "https://github.com/dotnet/runtime.git", "github", "github", null, "dotnet", "runtime" },
    };

    // input, provider hint, a fragment of the expected message
    public static TheoryData<string, string?, string> InvalidRemotes => new()
    {
        { "", null, "empty" },
        { "   ", null, "empty" },
        { "https://github.com/acme", null, "owner/name" },
        { "https://github.com/", null, "owner/name" },
        { "https://github.com/acme/web/tree/main", null, "has 4 segments" },
        { "/srv/git/repo.git", null, "local path" },
        { "./repo", null, "local path" },
        { "~/code/repo", null, "local path" },
        { "C:\\repos\\web", null, "local path" },
        { "file:///srv/git/repo.git", null, "local path" },
        { "ftp://github.com/acme/web.git", null, "not a git remote scheme" },
        { "https://unknown.example.com/acme/web.git", null, "not a known GitHub, GitLab or Gitea instance" },
        { "git@github.com:acme/web.git", "gitlab", "known GitHub instance, not GitLab" },
        { "https://codeberg.org/forgejo/forgejo.git", "github", "known Gitea instance, not GitHub" },
        { "https://github.com/-acme/web", null, "not a valid GitHub owner" },
        { "https://github.com/acme/web repo", null, "spaces" },
        { "ssh://git@github.com:acme/web.git", null, "scp-like address is written git@host:owner/repo.git" },
        { "https://github.com/acme/we%2Fb", null, "escaped slash" },
        { "https://gitlab.com/group/project.atom", null, "not a valid GitLab repository name" },
        { "https://gitlab.com/onlygroup", null, "owner/name" },
        { "https://gitea.com/a/b/c", null, "has 3 segments" },
        { "http://", null, "not valid" },
        { "https://user:pa55word@unknown.example.com/acme/web.git", null, "not a known" },
        { "https://github.com/acme/web\tx", null, "control characters" },
        { "justtext", null, "neither a URL" },
    };

    [Theory]
    [MemberData(nameof(ValidRemotes))]
    public void Parse_RealWorldRemote_GivesIdentity(string input, string? hint, string provider, string? instanceUrl, string owner, string name)
    {
        var parsed = Parser.Parse(input, hint is null ? null : GitProviderNames.Parse(hint));

        Assert.Equal(GitProviderNames.Parse(provider), parsed.Identity.Provider);
        Assert.Equal(instanceUrl, parsed.Identity.InstanceUrl);
        Assert.Equal(owner, parsed.Identity.Owner);
        Assert.Equal(name, parsed.Identity.Name);
    }

    [Theory]
    [MemberData(nameof(InvalidRemotes))]
    public void Parse_InvalidRemote_ThrowsWithReason(string input, string? hint, string messageFragment)
    {
        var ex = Assert.Throws<BobValidationException>(() => Parser.Parse(input, hint is null ? null : GitProviderNames.Parse(hint)));
        Assert.Equal("remoteUrl", ex.Field);

        Assert.Contains(messageFragment, ex.Message, StringComparison.Ordinal);
        Assert.False(Parser.TryParse(input, hint is null ? null : GitProviderNames.Parse(hint), out _, out var error));
        Assert.Equal(ex.Message, error);
    }

    [Theory]
    [InlineData("https://x-access-token:ghs_SECRETSECRET@github.com/acme/web.git", "https://github.com/acme/web.git")]
    [InlineData("https://ghs_SECRETSECRET@github.com/acme/web.git", "https://github.com/acme/web.git")]
    [InlineData("https://oauth2:glpat-SECRETSECRET@gitlab.com/group/sub/proj.git", "https://gitlab.com/group/sub/proj.git")]
    [InlineData("ssh://git:SECRETSECRET@github.com/acme/web.git", "ssh://github.com/acme/web.git")]
    public void Parse_UrlWithCredentials_StripsThem(string input, string sanitized)
    {
        var parsed = Parser.Parse(input);

        Assert.True(parsed.HadCredentials);
        Assert.Equal(sanitized, parsed.SanitizedUrl);
        Assert.DoesNotContain("SECRETSECRET", parsed.SanitizedUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETSECRET", parsed.Identity.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETSECRET", parsed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:SECRETSECRET@unknown.example.com/acme/web.git")]
    [InlineData("https://SECRETSECRET@github.com/acme")]
    [InlineData("https://x:SECRETSECRET@github.com:notaport/acme/web")]
    [InlineData("ssh://git:SECRETSECRET@github.com:acme/web.git")]
    [InlineData("https://x:SECRETSECRET@github.com/-bad/web")]
    public void Parse_InvalidUrlWithCredentials_ErrorNeverShowsThem(string input)
    {
        var ex = Assert.Throws<BobValidationException>(() => Parser.Parse(input));
        Assert.Equal("remoteUrl", ex.Field);

        Assert.DoesNotContain("SECRETSECRET", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git@github.com:acme/web.git", "git@github.com:acme/web.git")]
    [InlineData("ssh://git@gitea.local:2222/team/app.git", "ssh://git@gitea.local:2222/team/app.git")]
    [InlineData("https://github.com/acme/web", "https://github.com/acme/web")]
    public void Parse_UrlWithoutCredentials_KeepsItAsGiven(string input, string sanitized)
    {
        var parsed = Parser.Parse(input);

        Assert.False(parsed.HadCredentials);
        Assert.Equal(sanitized, parsed.SanitizedUrl);
    }

    [Fact]
    public void Parse_GitHubOwnerAndNameInOtherCase_GivesEqualIdentity()
    {
        var lower = Parser.Parse("https://github.com/dotnet/runtime").Identity;
        var mixed = Parser.Parse("git@GitHub.com:DotNet/Runtime.git").Identity;

        Assert.Equal(lower, mixed);
        Assert.Equal(lower.GetHashCode(), mixed.GetHashCode());
        Assert.Equal("DotNet", mixed.Owner);
    }

    [Fact]
    public void Parse_SameOwnerOnAnotherInstance_GivesDifferentIdentity()
    {
        var cloud = Parser.Parse("https://github.com/platform/api").Identity;
        var enterprise = Parser.Parse("https://github.acme-corp.com/platform/api").Identity;

        Assert.NotEqual(cloud, enterprise);
    }

    [Fact]
    public void Parse_LongestPrefixWins_WhenInstancesShareAHost()
    {
        var parser = new RemoteUrlParser(
        [
            GitInstance.Create(GitProvider.Gitea, "https://code.example.com"),
            GitInstance.Create(GitProvider.GitLab, "https://code.example.com/gitlab"),
        ]);

        var gitlab = parser.Parse("https://code.example.com/gitlab/group/proj.git").Identity;
        var gitea = parser.Parse("https://code.example.com/team/app.git").Identity;

        Assert.Equal(GitProvider.GitLab, gitlab.Provider);
        Assert.Equal("group", gitlab.Owner);
        Assert.Equal(GitProvider.Gitea, gitea.Provider);
    }

    [Fact]
    public void Parse_ScpLikeOnHostWithTwoInstances_AsksForTheHttpsUrl()
    {
        var parser = new RemoteUrlParser(
        [
            GitInstance.Create(GitProvider.Gitea, "https://code.example.com/gitea"),
            GitInstance.Create(GitProvider.GitLab, "https://code.example.com/gitlab"),
        ]);

        var ex = Assert.Throws<BobValidationException>(() => parser.Parse("git@code.example.com:team/app.git"));
        Assert.Equal("remoteUrl", ex.Field);

        Assert.Contains("several configured instances", ex.Message, StringComparison.Ordinal);
        Assert.Equal(GitProvider.GitLab, parser.Parse("git@code.example.com:team/app.git", GitProvider.GitLab).Identity.Provider);
    }

    [Fact]
    public void Parse_GitLabNamespaceDeeperThanTwentyOneLevels_IsRefused()
    {
        var path = string.Join('/', Enumerable.Range(1, 22).Select(i => $"g{i}"));

        var ex = Assert.Throws<BobValidationException>(() => Parser.Parse($"https://gitlab.com/{path}/proj.git"));
        Assert.Equal("remoteUrl", ex.Field);

        Assert.Contains("at most 21 levels", ex.Message, StringComparison.Ordinal);
    }
}
