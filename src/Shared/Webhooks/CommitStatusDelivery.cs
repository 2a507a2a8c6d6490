using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob;

/// <summary>
/// A <c>status</c> delivery, which GitHub and Gitea/Forgejo write alike (<c>sha</c>, <c>context</c>, <c>state</c>,
/// <c>target_url</c>, <c>id</c>, <c>created_at</c>, <c>updated_at</c>), as a <see cref="CheckWebhookEvent"/> (issue 21);
/// the state is read by <see cref="CheckReport.CommitStatus"/>.
/// </summary>
/// <remarks>Compiled into the GitHub and Gitea packages; internal.</remarks>
internal static class CommitStatusDelivery
{
    public static CheckWebhookEvent Read(JsonElement root, RemoteRepositoryIdentity repository)
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
