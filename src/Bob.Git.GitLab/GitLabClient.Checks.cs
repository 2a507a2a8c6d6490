using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.GitLab.Internal;

namespace Bob.Git.GitLab;

/// <summary>The backfill's read of a commit's checks.</summary>
public sealed partial class GitLabClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /projects/:id/pipelines?sha=…</c> (the commit's pipelines, each a check as its Pipeline Hook makes one, the
    /// latest by id winning) and <c>GET /projects/:id/repository/commits/:sha/statuses</c> (external commit statuses; the
    /// pipelines' own jobs, which GitLab lists there too, are left to their pipeline).
    /// </remarks>
    public async Task<IReadOnlyList<CheckReport>> ListChecksAsync(RemoteRepositoryIdentity repository, string headSha, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(headSha);
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var checks = new List<CheckReport>();
        var pipelines = await _api.GetAllPagesAsync($"projects/{id}/pipelines?sha={Uri.EscapeDataString(headSha)}&per_page=100", GitLabJsonContext.Default.ListJsonElement, "list the commit's pipelines", cancellationToken).ConfigureAwait(false);
        foreach (var pipeline in pipelines)
        {
            var (status, conclusion) = GitLabPipelines.Stage(pipeline.RequiredText("status"));
            checks.Add(new CheckReport(CheckKind.Pipeline, pipeline.OptionalText("name") is { Length: > 0 } name ? name : "pipeline", headSha, status, conclusion,
                pipeline.OptionalText("web_url") ?? "", pipeline.OptionalTimestamp("updated_at"), Number(pipeline)));
        }

        var statuses = await _api.GetAllPagesAsync($"projects/{id}/repository/commits/{Uri.EscapeDataString(headSha)}/statuses?per_page=100", GitLabJsonContext.Default.ListJsonElement, "list the commit's statuses", cancellationToken).ConfigureAwait(false);
        foreach (var status in statuses.Where(s => !s.TryGetProperty("pipeline_id", out var p) || p.ValueKind == JsonValueKind.Null))
        {
            var (stage, conclusion) = GitLabPipelines.Stage(status.RequiredText("status"));
            checks.Add(new CheckReport(CheckKind.Status, status.RequiredText("name"), headSha, stage, conclusion,
                status.OptionalText("target_url") ?? "", status.OptionalTimestamp("finished_at") ?? status.OptionalTimestamp("created_at"), Number(status)));
        }

        return checks;
    }

    private static string? Number(JsonElement element) =>
        element.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n > 0 ? n.ToString(CultureInfo.InvariantCulture) : null;
}
