using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.Gitea.Internal;

namespace Bob.Git.Gitea;

/// <summary>The backfill's read of a commit's checks.</summary>
public sealed partial class GiteaClient
{
    /// <inheritdoc />
    /// <remarks><c>GET /repos/{owner}/{repo}/commits/{ref}/statuses</c>: every status, newest first; the store keeps each context's newest.</remarks>
    public async Task<IReadOnlyList<CheckReport>> ListChecksAsync(RemoteRepositoryIdentity repository, string headSha, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(headSha);
        var statuses = await _api.GetAllPagesAsync($"{RepoPath(repository)}/commits/{Uri.EscapeDataString(headSha)}/statuses?limit={PageSize}", GiteaJsonContext.Default.ListJsonElement, "list the commit's statuses", cancellationToken).ConfigureAwait(false);
        return [.. statuses.Select(s => CheckReport.CommitStatus(
            s.RequiredText("context"),
            headSha,
            s.OptionalText("status") ?? s.RequiredText("state"), // API v1 names the state "status" (structs.CommitStatus)
            s.OptionalText("target_url"),
            s.OptionalTimestamp("updated_at") ?? s.OptionalTimestamp("created_at"),
            s.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64().ToString(CultureInfo.InvariantCulture) : null))];
    }
}
