using System.Text.Json.Nodes;

namespace Bob.Testing;

/// <summary>
/// The merge requests of one GitLab project (<c>/api/v4</c>) or the pull requests of one Gitea repository (<c>/api/v1</c>)
/// on a fake instance: the current user, the project, list open ones, create, get, update, merge (refused for a draft or
/// when the head moved) and list commits (from the bare repository).
/// Answers are the providers' published examples with each request's fields put in. Every API request must carry the
/// provider's token header (GitLab <c>Bearer</c>, Gitea <c>token</c>).
/// </summary>
public sealed class FakeForgePulls(string provider, Uri baseUri, string owner, string name, string token, string bare)
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _pulls = [];

    public int CreateRequests;

    public IReadOnlyList<JsonObject> Pulls
    {
        get
        {
            lock (_gate)
            {
                return _pulls.Select(p => (JsonObject)p.DeepClone()).ToArray();
            }
        }
    }

    private bool GitLab => provider == "gitlab";

    private string ListPath => GitLab ? "/api/v4/projects/3/merge_requests" : $"/api/v1/repos/{owner}/{name}/pulls";

    public FakeResponse? Handle(RecordedRequest request)
    {
        var expected = GitLab ? $"Bearer {token}" : $"token {token}";
        if (request.Header("Authorization") != expected)
        {
            return FakeResponse.Json(401, """{"message":"401 Unauthorized"}""");
        }

        switch (request.Method, request.Path)
        {
            case ("GET", "/api/v4/user"):
                return FakeResponse.Json(200, Example("gitlab-api", "user.json").ToJsonString());
            case ("GET", "/api/v4/personal_access_tokens/self"):
                return FakeResponse.Json(200, Example("gitlab-api", "personal_access_token_self.json").ToJsonString());
            case ("GET", var p) when p == $"/api/v4/projects/{owner}%2F{name}":
                var project = Example("gitlab-api", "project.json");
                project["id"] = 3;
                project["default_branch"] = "main";
                return FakeResponse.Json(200, project.ToJsonString());
            case ("GET", "/api/v1/user"):
                return FakeResponse.Json(200, Example("gitea", "pull_request.merged.json")["sender"]!.ToJsonString());
            case ("GET", var p) when p == ListPath:
                lock (_gate)
                {
                    var open = _pulls.Where(x => (string?)x["state"] == (GitLab ? "opened" : "open"));
                    return FakeResponse.Json(200, new JsonArray(open.Select(x => (JsonNode)x.DeepClone()).ToArray()).ToJsonString());
                }

            case ("POST", var p) when p == ListPath:
                Interlocked.Increment(ref CreateRequests);
                return Create(request.Json);
        }

        var match = System.Text.RegularExpressions.Regex.Match(request.Path, $"^{ListPath}/(\\d+)(/merge|/commits)?$");
        if (!match.Success)
        {
            return null;
        }

        var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var pr = _pulls.FirstOrDefault(x => (int)x[GitLab ? "iid" : "number"]! == number);
            if (pr is null)
            {
                return FakeResponse.Json(404, """{"message":"404 Not found"}""");
            }

            switch (request.Method, match.Groups[2].Value)
            {
                case ("GET", ""):
                    return FakeResponse.Json(200, pr.ToJsonString());
                case ("PUT", "") when GitLab:
                case ("PATCH", "") when !GitLab:
                    var edit = request.Json;
                    if (edit.TryGetProperty("title", out var title))
                    {
                        SetTitle(pr, title.GetString()!);
                    }

                    if (edit.TryGetProperty(GitLab ? "description" : "body", out var body) && body.ValueKind == System.Text.Json.JsonValueKind.String)
                    {
                        pr[GitLab ? "description" : "body"] = body.GetString();
                    }

                    Touch(pr);
                    return FakeResponse.Json(200, pr.ToJsonString());
                case ("PUT", "/merge") when GitLab:
                case ("POST", "/merge") when !GitLab:
                    var merge = request.Json;
                    var draft = GitLab ? (bool)pr["draft"]! : ((string)pr["title"]!).StartsWith("WIP:", StringComparison.Ordinal);
                    if (draft)
                    {
                        return GitLab
                            ? FakeResponse.Json(405, """{"message":"405 Method Not Allowed"}""")
                            : FakeResponse.Json(405, """{"message":"Please try again later","url":"https://gitea.com/api/swagger"}""");
                    }

                    var headSha = GitLab ? (string?)pr["sha"] : (string?)pr["head"]!["sha"];
                    if (merge.TryGetProperty(GitLab ? "sha" : "head_commit_id", out var sha) && sha.GetString() != headSha)
                    {
                        return FakeResponse.Json(409, GitLab ? """{"message":"SHA does not match HEAD of source branch"}""" : """{"message":"head out of date"}""");
                    }

                    pr["state"] = GitLab ? "merged" : "closed";
                    pr["merged_at"] = Now();
                    if (!GitLab)
                    {
                        pr["merged"] = true;
                    }

                    Touch(pr);
                    return GitLab ? FakeResponse.Json(200, pr.ToJsonString()) : new FakeResponse(200);
                case ("GET", "/commits"):
                    var head = GitLab ? (string)pr["source_branch"]! : (string)pr["head"]!["ref"]!;
                    var baseRef = GitLab ? (string)pr["target_branch"]! : (string)pr["base"]!["ref"]!;
                    var commits = new JsonArray();
                    foreach (var c in BareRepository.Commits(bare, baseRef, head).Reverse())
                    {
                        commits.Add(GitLab
                            ? new JsonObject { ["id"] = c.Sha, ["short_id"] = c.Sha[..8], ["title"] = c.Subject, ["message"] = c.Subject, ["author_name"] = c.Author, ["author_email"] = c.Email, ["committed_date"] = c.Date, ["created_at"] = c.Date }
                            : new JsonObject { ["sha"] = c.Sha, ["commit"] = new JsonObject { ["message"] = c.Subject, ["author"] = new JsonObject { ["name"] = c.Author, ["email"] = c.Email, ["date"] = c.Date }, ["committer"] = new JsonObject { ["name"] = c.Author, ["email"] = c.Email, ["date"] = c.Date } } });
                    }

                    return FakeResponse.Json(200, commits.ToJsonString());
            }
        }

        return null;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static void Touch(JsonObject pr) => pr["updated_at"] = Now();

    private void SetTitle(JsonObject pr, string title)
    {
        pr["title"] = title;
        if (GitLab)
        {
            pr["draft"] = title.StartsWith("Draft:", StringComparison.Ordinal);
            pr["work_in_progress"] = pr["draft"]!.GetValue<bool>();
        }
    }

    private FakeResponse Create(System.Text.Json.JsonElement body)
    {
        var head = body.GetProperty(GitLab ? "source_branch" : "head").GetString()!;
        var target = body.GetProperty(GitLab ? "target_branch" : "base").GetString()!;
        var title = body.GetProperty("title").GetString()!;
        lock (_gate)
        {
            if (_pulls.Any(x => (string?)x["state"] == (GitLab ? "opened" : "open") && (GitLab ? (string?)x["source_branch"] : (string?)x["head"]!["ref"]) == head))
            {
                return GitLab
                    ? FakeResponse.Json(409, $$"""{"message":["Another open merge request already exists for this source branch: !1"]}""")
                    : FakeResponse.Json(409, """{"message":"pull request already exists for these targets","url":"https://gitea.com/api/swagger"}""");
            }

            var number = _pulls.Count + 1;
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            JsonObject pr;
            if (GitLab)
            {
                pr = Example("gitlab-api", "merge_request.json");
                pr["id"] = 100 + number;
                pr["iid"] = number;
                pr["project_id"] = 3;
                pr["title"] = title;
                pr["description"] = body.TryGetProperty("description", out var d) ? d.GetString() : null;
                pr["state"] = "opened";
                pr["draft"] = title.StartsWith("Draft:", StringComparison.Ordinal);
                pr["work_in_progress"] = pr["draft"]!.GetValue<bool>();
                pr["merged_at"] = null;
                pr["closed_at"] = null;
                pr["source_branch"] = head;
                pr["target_branch"] = target;
                pr["sha"] = BareRepository.Head(bare, head);
                pr["web_url"] = new Uri(baseUri, $"{owner}/{name}/-/merge_requests/{number}").ToString();
                pr["updated_at"] = now;
            }
            else
            {
                pr = Example("gitea", "pull_request.merged.json")["pull_request"]!.AsObject();
                pr["id"] = 100 + number;
                pr["number"] = number;
                pr["title"] = title;
                pr["body"] = body.TryGetProperty("body", out var b) ? b.GetString() : null;
                pr["state"] = "open";
                pr["merged"] = false;
                pr["merged_at"] = null;
                pr["closed_at"] = null;
                pr["head"]!["ref"] = head;
                pr["head"]!["label"] = head;
                pr["head"]!["sha"] = BareRepository.Head(bare, head);
                pr["base"]!["ref"] = target;
                pr["base"]!["label"] = target;
                pr["html_url"] = new Uri(baseUri, $"{owner}/{name}/pulls/{number}").ToString();
                pr["updated_at"] = now;
            }

            _pulls.Add(pr);
            return FakeResponse.Json(201, pr.ToJsonString());
        }
    }

    private static JsonObject Example(string folder, string file) =>
        JsonNode.Parse(EmbeddedPayloads.Read<FakeForgePulls>(folder, file))!.AsObject();
}
