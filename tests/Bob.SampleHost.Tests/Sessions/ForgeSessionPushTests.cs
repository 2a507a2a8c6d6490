using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// The session push on GitLab and Gitea through the host, with real git over smart HTTP: git authenticates the way each
/// provider documents for a token (GitLab <c>oauth2</c> and the token; Gitea the token as password), and the draft is each
/// provider's own (GitLab's <c>Draft:</c> prefix, Gitea's <c>WIP:</c>), which the suite's title never shows; then ready,
/// merge (refused while a draft) and the commit list go through each provider's API.
/// </summary>
public sealed class ForgeSessionPushTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Theory]
    [InlineData("gitlab", "oauth2", "not-a-real-token-gitlab-push", "Draft: Fix login redirect")]
    [InlineData("gitea", "bob", "not-a-real-token-gitea-push", "WIP: Fix login redirect")]
    public async Task APushOpensOneDraftWithTheProvidersOwnMechanism_AndGitUsesTheProvidersTokenConvention(string provider, string gitUser, string token, string providerTitle)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"bob-{provider}-" + Guid.NewGuid().ToString("N")[..8]);
        var root = Path.Combine(temp, "remotes");
        var bare = Path.Combine(root, "acme", "web.git");
        var seed = Path.Combine(temp, "seed");
        await SessionPushTests.Git("init", "--quiet", "-b", "main", seed);
        await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "# web\n");
        await SessionPushTests.Git("-C", seed, "add", ".");
        await SessionPushTests.Git("-C", seed, "-c", "user.name=Seed", "-c", "user.email=seed@example.org", "commit", "--quiet", "-m", "Initial commit");
        await SessionPushTests.Git("clone", "--quiet", "--bare", seed, bare);

        await using var forge = await FakeProviderServer.StartAsync();
        forge.GitRoot = root;
        forge.GitAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{gitUser}:{token}"));
        var pulls = new FakeForgePulls(provider, forge.BaseUri, "acme", "web", token, bare);
        forge.Handler = pulls.Handle;
        await using var factory = host.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Security:AllowPrivateNetworkInstances", "true");
            builder.UseSetting("Git:WorkDirectory", Path.Combine(temp, "work"));
            builder.UseSetting("Webhooks:Worker:Enabled", "false");
        });
        string key;
        using (var scope = factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"{provider}-{Guid.NewGuid():N}", false);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        }

        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            var connection = await SessionPushTests.Json(await client.PostAsJsonAsync("/api/connections/pat", new { provider, instanceUrl = forge.BaseUri.ToString(), token }), HttpStatusCode.Created);
            var repository = await SessionPushTests.Json(
                await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = new Uri(forge.BaseUri, "acme/web.git").ToString(), provider, connectionId = connection.GetProperty("id").GetGuid() }),
                HttpStatusCode.Created);
            var session = await SessionPushTests.Json(await client.PostAsJsonAsync("/api/sessions", new { repositoryId = repository.GetProperty("id").GetGuid(), title = "Fix login redirect" }), HttpStatusCode.Created);
            var sessionId = session.GetProperty("id").GetGuid();
            var worktree = await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { }), HttpStatusCode.Created);
            var path = worktree.GetProperty("path").GetString()!;
            await File.WriteAllTextAsync(Path.Combine(path, "login.txt"), "redirect once\n");
            await SessionPushTests.Git("-C", path, "add", ".");
            await SessionPushTests.Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", "Fix the login redirect loop");
            var head = await SessionPushTests.Git("-C", path, "rev-parse", "HEAD");

            var pushed = await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() }), HttpStatusCode.OK);
            var again = await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() }), HttpStatusCode.OK);

            var branch = worktree.GetProperty("branch").GetString()!;
            Assert.Equal(head, await SessionPushTests.Git("--git-dir", bare, "rev-parse", $"refs/heads/{branch}"));
            Assert.Contains(forge.Requests, r => r.Path.EndsWith("/git-receive-pack", StringComparison.Ordinal));
            Assert.Equal(1, pulls.CreateRequests);
            Assert.Equal(providerTitle, (string?)Assert.Single(pulls.Pulls)["title"]);
            var pullRequest = pushed.GetProperty("pullRequest");
            Assert.True(pushed.GetProperty("created").GetBoolean());
            Assert.False(again.GetProperty("created").GetBoolean());
            Assert.Equal(("draft", "Fix login redirect", branch, "main"), (pullRequest.GetProperty("status").GetString(), pullRequest.GetProperty("title").GetString(), pullRequest.GetProperty("headBranch").GetString(), pullRequest.GetProperty("baseBranch").GetString()));
            // Ready, merge and commits through the provider's own API.
            var id = pullRequest.GetProperty("id").GetGuid();
            var refusedDraft = await client.PostAsJsonAsync($"/api/pull-requests/{id}/merge", new { method = "merge" });
            Assert.Equal(HttpStatusCode.Conflict, refusedDraft.StatusCode);
            var ready = await SessionPushTests.Json(await client.PatchAsJsonAsync($"/api/pull-requests/{id}", new { draft = false }), HttpStatusCode.OK);
            Assert.Equal(("open", "Fix login redirect"), (ready.GetProperty("status").GetString(), ready.GetProperty("title").GetString()));
            Assert.Equal("Fix login redirect", (string?)Assert.Single(pulls.Pulls)["title"]);
            var merged = await SessionPushTests.Json(await client.PostAsJsonAsync($"/api/pull-requests/{id}/merge", new { method = "squash" }), HttpStatusCode.OK);
            Assert.Equal("merged", merged.GetProperty("status").GetString());
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, merged.GetProperty("mergedAt").ValueKind);
            var synced = await SessionPushTests.Json(await client.PostAsync($"/api/pull-requests/{id}/sync-commits", null), HttpStatusCode.OK);
            Assert.Equal(1, synced.GetProperty("commits").GetInt32());

            foreach (var file in Directory.EnumerateFiles(Path.Combine(temp, "work"), "*", SearchOption.AllDirectories).Where(f => !f.Contains("/objects/", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(token, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
