using Bob.Git.GitHub.Internal;

namespace Bob.Git.GitHub.Tests;

/// <summary>GitHub requests are measured by an operation name of few values: no owner, repository, number or sha in it.</summary>
public sealed class GitHubOperationNameTests
{
    [Theory]
    [InlineData("GET", "https://api.github.com/repos/Codertocat/Hello-World/pulls/2", "GET /repos/{owner}/{repo}/pulls/{id}")]
    [InlineData("GET", "https://ghe.example.com/api/v3/repos/acme/web/pulls?state=open", "GET /repos/{owner}/{repo}/pulls")]
    [InlineData("PUT", "https://api.github.com/repos/acme/web/pulls/42/merge", "PUT /repos/{owner}/{repo}/pulls/{id}/merge")]
    [InlineData("GET", "https://api.github.com/repos/acme/web/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821", "GET /repos/{owner}/{repo}/commits/{id}")]
    [InlineData("GET", "https://api.github.com/user", "GET /user")]
    [InlineData("GET", "https://api.github.com/users/octocat", "GET /users/{name}")]
    public void OperationOf_LeavesOutNamesNumbersAndShas(string method, string url, string expected) =>
        Assert.Equal(expected, GitHubApiHandler.OperationOf(new HttpMethod(method), new Uri(url)));
}
