using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.Gitea;

/// <summary>
/// Gitea's and Forgejo's <c>status</c> delivery (<c>CommitStatusPayload</c> in <c>modules/structs/hook.go</c>: <c>sha</c>,
/// <c>context</c>, <c>state</c>, <c>target_url</c>, <c>id</c>, <c>created_at</c>, <c>updated_at</c>) as a
/// <see cref="CheckWebhookEvent"/> (issue 21): <c>pending</c> runs; <c>success</c>, <c>failure</c> and <c>error</c> complete
/// it as on GitHub; Gitea's <c>warning</c> completes it neutral (passing, as Gitea shows it) and <c>skipped</c> skipped.
/// </summary>
internal static class GiteaChecks
{
    public static CheckWebhookEvent Status(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var id = root.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0
            ? number.ToString(CultureInfo.InvariantCulture)
            : null;
        var check = CheckReport.CommitStatus(
            root.RequiredText("context"),
            root.RequiredObjectId("sha"),
            root.RequiredText("state"),
            root.OptionalText("target_url"),
            root.OptionalTimestamp("updated_at") ?? root.OptionalTimestamp("created_at"),
            id);
        return new CheckWebhookEvent(repository, "status", check);
    }
}
