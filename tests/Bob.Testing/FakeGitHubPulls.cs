using System.Text.Json.Nodes;

namespace Bob.Testing;

/// <summary>
/// The pull requests of one repository on a fake GitHub Enterprise Server (<c>/api/v3</c>), kept as GitHub would: list
/// open ones (with <c>head=owner:branch</c>), create (422 "A pull request already exists" for a head that has an open one),
/// get, update, ready/draft through GraphQL, merge (with the expected head sha), list commits (from the bare repository, when
/// given). Answers are GitHub's published examples with the fields of each pull request put in.
/// </summary>
public sealed class FakeGitHubPulls(Uri baseUri, string owner, string name, string? bare = null)
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _pulls = [];

    /// <summary>How long GitHub takes to create a pull request (it is not listed before), so that concurrent callers overlap.</summary>
    public TimeSpan CreateDelay { get; set; }

    /// <summary>When set, list answers say this many requests are left in the hour (GitHub's <c>x-ratelimit-*</c> headers).</summary>
    public long? RateLimitRemaining { get; set; }

    /// <summary>How many list requests came in, and how many of them were answered 304.</summary>
    public int ListRequests, NotModifiedAnswers;

    /// <summary>Opens a pull request on the provider directly (as a person would), without any webhook.</summary>
    public int Open(string head, string baseRef, string title)
    {
        lock (_gate)
        {
            var pr = Template();
            var number = _pulls.Count + 1;
            pr["number"] = number;
            pr["id"] = 1000 + number;
            pr["node_id"] = $"PR_{number}";
            pr["title"] = title;
            pr["draft"] = false;
            pr["head"]!["ref"] = head;
            pr["head"]!["label"] = $"{owner}:{head}";
            pr["head"]!["sha"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(head)));
            pr["base"]!["ref"] = baseRef;
            pr["html_url"] = new Uri(baseUri, $"{owner}/{name}/pull/{number}").ToString();
            pr["url"] = new Uri(baseUri, $"api/v3/repos/{owner}/{name}/pulls/{number}").ToString();
            pr["created_at"] = Now();
            Touch(pr);
            _pulls.Add(pr);
            return number;
        }
    }

    /// <summary>Merges (or, with <paramref name="merge"/> false, closes) a pull request on the provider directly, without any webhook.</summary>
    public void Finish(int number, bool merge)
    {
        lock (_gate)
        {
            var pr = _pulls.Single(p => (int)p["number"]! == number);
            pr["state"] = "closed";
            pr["merged"] = merge;
            pr["merged_at"] = merge ? Now() : null;
            pr["closed_at"] = Now();
            Touch(pr);
        }
    }

    /// <summary>When set, the next create makes the pull request and then fails as a gateway timeout would (GitHub's 502).</summary>
    public bool LoseNextCreateAnswer { get; set; }

    /// <summary>How many create requests came in (successful or not).</summary>
    public int CreateRequests;

    private string Repo => $"/api/v3/repos/{owner}/{name}";

    public FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Path == $"{Repo}/pulls" && request.Method == "GET")
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.Query);
            var head = query["head"];
            lock (_gate)
            {
                Interlocked.Increment(ref ListRequests);
                var open = _pulls.Where(p => (string?)p["state"] == "open" && (head is null || $"{owner}:{(string?)p["head"]!["ref"]}" == head));
                var json = new JsonArray(open.Select(p => (JsonNode)p.DeepClone()).ToArray()).ToJsonString();

                // GitHub's conditional requests: the same list again answers 304 with no body, which costs no rate limit.
                var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json + request.Query)))}\"";
                if (request.Header("If-None-Match") == etag)
                {
                    Interlocked.Increment(ref NotModifiedAnswers);
                    return new FakeResponse(304, null, new Dictionary<string, string> { ["ETag"] = etag });
                }

                var headers = new Dictionary<string, string> { ["ETag"] = etag };
                if (RateLimitRemaining is { } remaining)
                {
                    headers["x-ratelimit-limit"] = "5000";
                    headers["x-ratelimit-remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return FakeResponse.Json(200, json, headers);
            }
        }

        if (request.Path == $"{Repo}/pulls" && request.Method == "POST")
        {
            Interlocked.Increment(ref CreateRequests);

            // The pull request appears only once the slow create is done, as a real one does at some point within it.
            Thread.Sleep(CreateDelay);
            var body = request.Json;
            var head = body.GetProperty("head").GetString()!;
            lock (_gate)
            {
                if (_pulls.Any(p => (string?)p["state"] == "open" && (string?)p["head"]!["ref"] == head))
                {
                    return FakeResponse.Json(422, $$"""{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for {{owner}}:{{head}}."}],"documentation_url":"https://docs.github.com/rest/pulls/pulls#create-a-pull-request","status":"422"}""");
                }

                var pr = Template();
                var number = _pulls.Count + 1;
                pr["number"] = number;
                pr["id"] = 1000 + number;
                pr["title"] = body.GetProperty("title").GetString();
                pr["body"] = body.TryGetProperty("body", out var text) ? text.GetString() : null;
                pr["draft"] = body.TryGetProperty("draft", out var draft) && draft.GetBoolean();
                pr["head"]!["ref"] = head;
                pr["head"]!["label"] = $"{owner}:{head}";
                pr["base"]!["ref"] = body.GetProperty("base").GetString();
                pr["node_id"] = $"PR_{number}";
                pr["head"]!["sha"] = bare is null ? pr["head"]!["sha"]!.GetValue<string>() : BareRepository.Head(bare, head);
                pr["html_url"] = new Uri(baseUri, $"{owner}/{name}/pull/{number}").ToString();
                pr["url"] = new Uri(baseUri, $"api/v3/repos/{owner}/{name}/pulls/{number}").ToString();
                var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                pr["created_at"] = now;
                pr["updated_at"] = now;
                _pulls.Add(pr);
                if (LoseNextCreateAnswer)
                {
                    LoseNextCreateAnswer = false;
                    return FakeResponse.Json(502, """{"message":"Server Error"}""");
                }

                return FakeResponse.Json(201, pr.ToJsonString());
            }
        }

        var match = System.Text.RegularExpressions.Regex.Match(request.Path, $"^{Repo}/pulls/(\\d+)(/merge|/commits)?$");
        if (match.Success)
        {
            var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            lock (_gate)
            {
                var pr = _pulls.FirstOrDefault(p => (int)p["number"]! == number);
                if (pr is null)
                {
                    return FakeResponse.Json(404, """{"message":"Not Found"}""");
                }

                switch (request.Method, match.Groups[2].Value)
                {
                    case ("GET", ""):
                        return FakeResponse.Json(200, pr.ToJsonString());
                    case ("PATCH", ""):
                        var patch = request.Json;
                        if (patch.TryGetProperty("title", out var title))
                        {
                            pr["title"] = title.GetString();
                        }

                        if (patch.TryGetProperty("body", out var body))
                        {
                            pr["body"] = body.GetString();
                        }

                        if (patch.TryGetProperty("state", out var state))
                        {
                            pr["state"] = state.GetString();
                        }

                        Touch(pr);
                        return FakeResponse.Json(200, pr.ToJsonString());
                    case ("PUT", "/merge"):
                        var merge = request.Json;
                        if ((string?)pr["state"] != "open" || (bool)pr["draft"]!)
                        {
                            return FakeResponse.Json(405, """{"message":"Pull Request is not mergeable","documentation_url":"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request"}""");
                        }

                        if (merge.TryGetProperty("sha", out var sha) && sha.GetString() != (string?)pr["head"]!["sha"])
                        {
                            return FakeResponse.Json(409, """{"message":"Head branch was modified. Review and try the merge again.","documentation_url":"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request"}""");
                        }

                        pr["state"] = "closed";
                        pr["merged"] = true;
                        pr["merged_at"] = Now();
                        pr["closed_at"] = Now();
                        Touch(pr);
                        return FakeResponse.Json(200, $$"""{"sha":"{{pr["head"]!["sha"]}}","merged":true,"message":"Pull Request successfully merged"}""");
                    case ("GET", "/commits"):
                        return FakeResponse.Json(200, Commits((string)pr["base"]!["ref"]!, (string)pr["head"]!["ref"]!));
                }
            }
        }

        if (request is { Method: "POST", Path: "/api/graphql" })
        {
            var query = request.Json.GetProperty("query").GetString()!;
            var node = request.Json.GetProperty("variables").GetProperty("id").GetString();
            lock (_gate)
            {
                var pr = _pulls.FirstOrDefault(p => (string?)p["node_id"] == node);
                if (pr is null)
                {
                    return FakeResponse.Json(200, """{"data":null,"errors":[{"type":"NOT_FOUND","message":"Could not resolve to a node"}]}""");
                }

                var ready = query.Contains("markPullRequestReadyForReview", StringComparison.Ordinal);
                pr["draft"] = !ready;
                Touch(pr);
                return FakeResponse.Json(200, ready
                    ? """{"data":{"markPullRequestReadyForReview":{"pullRequest":{"isDraft":false}}}}"""
                    : """{"data":{"convertPullRequestToDraft":{"pullRequest":{"isDraft":true}}}}""");
            }
        }

        return null;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static void Touch(JsonObject pr) => pr["updated_at"] = Now();

    /// <summary>The branch's commits beyond its base, as GitHub lists a pull request's commits.</summary>
    private string Commits(string baseRef, string headRef)
    {
        var items = new JsonArray();
        foreach (var c in bare is null ? [] : BareRepository.Commits(bare, baseRef, headRef))
        {
            items.Add(new JsonObject
            {
                ["sha"] = c.Sha,
                ["node_id"] = "C_" + c.Sha[..8],
                ["url"] = new Uri(baseUri, $"api/v3/repos/{owner}/{name}/commits/{c.Sha}").ToString(),
                ["html_url"] = new Uri(baseUri, $"{owner}/{name}/commit/{c.Sha}").ToString(),
                ["commit"] = new JsonObject
                {
                    ["message"] = c.Subject,
                    ["author"] = new JsonObject { ["name"] = c.Author, ["email"] = c.Email, ["date"] = c.Date },
                    ["committer"] = new JsonObject { ["name"] = c.Author, ["email"] = c.Email, ["date"] = c.Date },
                },
                ["parents"] = new JsonArray(),
            });
        }

        return items.ToJsonString();
    }

    /// <summary>A push to pull request <paramref name="number"/>'s branch: its head is now <paramref name="headSha"/>, updated at <paramref name="updatedAt"/>.</summary>
    public void Pushed(int number, string headSha, DateTimeOffset updatedAt)
    {
        lock (_gate)
        {
            var pr = _pulls.Single(p => (int)p["number"]! == number);
            pr["head"]!["sha"] = headSha;
            pr["updated_at"] = updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The pull requests as the fake holds them.</summary>
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

    private static JsonObject Template()
    {
        var pr = JsonNode.Parse(EmbeddedPayloads.Read<FakeGitHubPulls>("github-api", "pull-request.json"))!.AsObject();
        pr["state"] = "open";
        pr["merged"] = false;
        pr["merged_at"] = null;
        pr["closed_at"] = null;
        return pr;
    }
}
