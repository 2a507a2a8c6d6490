using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.Git.GitHub.Tests;

/// <summary>Loads the real payloads under Resources/github (see SOURCE.md there).</summary>
internal static class Fixtures
{
    public static byte[] Bytes(string file) => EmbeddedPayloads.Read<GitHubWebhookPayloadParserTests>("github", file);

    /// <summary>The real closed payload with merged, merged_at and merge_commit_sha set as GitHub sets them on a merge.</summary>
    public static byte[] Merged()
    {
        var node = JsonNode.Parse(Bytes("pull_request.closed.json"))!;
        var pr = node["pull_request"]!;
        pr["merged"] = true;
        pr["merged_at"] = pr["closed_at"]!.GetValue<string>();
        pr["merge_commit_sha"] = "c4295bd74fb0f4fbb9a6e6c7e7e5d9d6a3d1e6b2";
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
