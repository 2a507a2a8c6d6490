using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// The pull requests of one repository on a fake GitHub Enterprise Server (<c>/api/v3</c>), kept as GitHub would: list
/// open ones (with <c>head=owner:branch</c>), create (422 "A pull request already exists" for a head that has an open one),
/// get one. Answers are GitHub's published pull request example with the fields of each pull request put in.
/// </summary>
internal sealed class FakeGitHubPulls(Uri baseUri, string owner, string name)
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _pulls = [];

    /// <summary>How long GitHub takes to create a pull request (it is not listed before), so that concurrent callers overlap.</summary>
    public TimeSpan CreateDelay { get; set; }

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
                var open = _pulls.Where(p => (string?)p["state"] == "open" && (head is null || $"{owner}:{(string?)p["head"]!["ref"]}" == head));
                return FakeResponse.Json(200, new JsonArray(open.Select(p => (JsonNode)p.DeepClone()).ToArray()).ToJsonString());
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
                pr["html_url"] = new Uri(baseUri, $"{owner}/{name}/pull/{number}").ToString();
                pr["url"] = new Uri(baseUri, $"api/v3/repos/{owner}/{name}/pulls/{number}").ToString();
                var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                pr["created_at"] = now;
                pr["updated_at"] = now;
                _pulls.Add(pr);
                return FakeResponse.Json(201, pr.ToJsonString());
            }
        }

        return null;
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
