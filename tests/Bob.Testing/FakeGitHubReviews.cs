using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bob.Testing;

/// <summary>
/// The review side of a fake GitHub Enterprise Server for <c>acme/web</c>: collaborator permissions (<see cref="Writers"/>
/// may write), 👀 reactions on review comments (201 the first time, 200 with the existing one after, as GitHub answers),
/// replies in review threads and conversation comments (answered with GitHub's published examples, numbered from 5000), and
/// GraphQL's <c>reviewThreads</c> and <c>resolveReviewThread</c>. Each request's method, path and JSON body are the ones
/// GitHub's REST reference gives; anything else is left to the next handler.
/// </summary>
public sealed partial class FakeGitHubReviews
{
    private readonly ConcurrentDictionary<string, bool> _reacted = new();
    private int _nextComment = 5000;

    public HashSet<string> Writers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every reaction asked for: the comment id and the content.</summary>
    public ConcurrentQueue<(string CommentId, string Content)> Reactions { get; } = new();

    /// <summary>Every reply posted: the pull request, the thread's comment id (null for a conversation comment), the body and the new id.</summary>
    public ConcurrentQueue<(int Number, string? ThreadComment, string Body, long Id)> Replies { get; } = new();

    /// <summary>Every thread resolved, by node id.</summary>
    public ConcurrentQueue<string> Resolved { get; } = new();

    /// <summary>The reviews GitHub lists for each pull request (<c>GET …/pulls/{n}/reviews</c>), in its shape; comments list empty.</summary>
    public ConcurrentDictionary<int, JsonArray> Reviews { get; } = new();

    /// <summary>The check runs GitHub lists for each commit (<c>GET …/commits/{sha}/check-runs</c>), in its shape.</summary>
    public ConcurrentDictionary<string, JsonArray> CheckRuns { get; } = new(StringComparer.Ordinal);

    private static string Api(string file) => System.Text.Encoding.UTF8.GetString(EmbeddedPayloads.Read<FakeGitHubReviews>("github-api", file));

    /// <summary>The answer to <paramref name="request"/>, or <see langword="null"/> when it is not a review, reaction, reply, thread or commit checks request.</summary>
    public FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Method == "GET" && PermissionPath().Match(request.Path) is { Success: true } permission)
        {
            if (!Writers.Contains(Uri.UnescapeDataString(permission.Groups[1].Value)))
            {
                return FakeResponse.Json(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
            }

            var answer = JsonNode.Parse(Api("repository-collaborator-permission.json"))!.AsObject();
            answer["permission"] = "write";
            answer["role_name"] = "write";
            return FakeResponse.Json(200, answer.ToJsonString());
        }

        if (request.Method == "GET" && ListPath().Match(request.Path) is { Success: true } list)
        {
            var number = int.Parse(list.Groups[2].Value, CultureInfo.InvariantCulture);
            return FakeResponse.Json(200, list.Groups[3].Value == "reviews" && Reviews.TryGetValue(number, out var reviews) ? reviews.ToJsonString() : "[]");
        }

        if (request.Method == "GET" && CommitChecksPath().Match(request.Path) is { Success: true } commit)
        {
            // The check runs set for the commit (GitHub's "list check runs for a Git reference" shape), else none; the
            // combined status is pending with no statuses.
            var sha = commit.Groups[1].Value;
            return FakeResponse.Json(200, commit.Groups[2].Value == "status"
                ? $$"""{"state":"pending","statuses":[],"sha":"{{sha}}","total_count":0}"""
                : CheckRuns.TryGetValue(sha, out var runs) ? new JsonObject { ["total_count"] = runs.Count, ["check_runs"] = runs.DeepClone() }.ToJsonString() : """{"total_count":0,"check_runs":[]}""");
        }

        if (request.Method == "POST" && ReactionPath().Match(request.Path) is { Success: true } reaction)
        {
            var content = request.Json.GetProperty("content").GetString()!;
            Reactions.Enqueue((reaction.Groups[1].Value, content));
            return FakeResponse.Json(_reacted.TryAdd(reaction.Groups[1].Value + content, true) ? 201 : 200, Api("reaction.json"));
        }

        if (request.Method == "POST" && ReplyPath().Match(request.Path) is { Success: true } reply)
        {
            return Posted(int.Parse(reply.Groups[1].Value, CultureInfo.InvariantCulture), reply.Groups[2].Value, request, "pull-request-review-comment.json");
        }

        if (request.Method == "POST" && IssueCommentPath().Match(request.Path) is { Success: true } comment)
        {
            return Posted(int.Parse(comment.Groups[1].Value, CultureInfo.InvariantCulture), null, request, "issue-comment.json");
        }

        if (request is { Method: "POST", Path: "/api/graphql" })
        {
            var query = request.Json.GetProperty("query").GetString()!;
            if (query.Contains("resolveReviewThread", StringComparison.Ordinal))
            {
                Resolved.Enqueue(request.Json.GetProperty("variables").GetProperty("id").GetString()!);
                return FakeResponse.Json(200, """{"data":{"resolveReviewThread":{"thread":{"isResolved":true}}}}""");
            }

            return FakeResponse.Json(200, """{"data":{"repository":{"pullRequest":{"reviewThreads":{"nodes":[{"id":"PRRT_kwDOCodertocat","comments":{"nodes":[{"databaseId":284312630}]}}]}}}}}""");
        }

        return null;
    }

    private FakeResponse Posted(int number, string? thread, RecordedRequest request, string example)
    {
        var id = Interlocked.Increment(ref _nextComment);
        var body = request.Json.GetProperty("body").GetString()!;
        Replies.Enqueue((number, thread, body, id));
        var answer = JsonNode.Parse(Api(example))!.AsObject();
        answer["id"] = id;
        answer["body"] = body;
        answer["html_url"] = $"https://github.example/acme/web/pull/{number}#discussion_r{id}";
        return FakeResponse.Json(201, answer.ToJsonString());
    }

    [GeneratedRegex(@"^/api/v3/repos/acme/web/collaborators/([^/]+)/permission$")]
    private static partial Regex PermissionPath();

    [GeneratedRegex(@"^/api/v3/repos/acme/web/(pulls|issues)/(\d+)/(reviews|comments)$")]
    private static partial Regex ListPath();

    [GeneratedRegex(@"^/api/v3/repos/acme/web/commits/([0-9a-f]{40})/(status|check-runs)$")]
    private static partial Regex CommitChecksPath();

    [GeneratedRegex(@"^/api/v3/repos/acme/web/pulls/comments/(\d+)/reactions$")]
    private static partial Regex ReactionPath();

    [GeneratedRegex(@"^/api/v3/repos/acme/web/pulls/(\d+)/comments/(\d+)/replies$")]
    private static partial Regex ReplyPath();

    [GeneratedRegex(@"^/api/v3/repos/acme/web/issues/(\d+)/comments$")]
    private static partial Regex IssueCommentPath();
}
