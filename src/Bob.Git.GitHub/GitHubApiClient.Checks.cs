using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.GitHub.Internal;

namespace Bob.Git.GitHub;

/// <summary>The backfill's read of a commit's checks.</summary>
public sealed partial class GitHubApiClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /repos/{owner}/{repo}/commits/{ref}/status</c> (the combined status: each context's latest) and
    /// <c>GET /repos/{owner}/{repo}/commits/{ref}/check-runs?per_page=100</c> (the first hundred runs), each asked with
    /// <c>If-None-Match</c> once seen, so an unchanged head costs no rate limit.
    /// </remarks>
    public async Task<IReadOnlyList<CheckReport>> ListChecksAsync(RemoteRepositoryIdentity repository, string headSha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(headSha);
        var raw = Raw ?? throw new InvalidOperationException("This client was made without a JSON reader; create it with GitHubClientFactory.");
        var commit = $"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}/commits/{Uri.EscapeDataString(headSha)}";
        var checks = new List<CheckReport>();
        var combined = await raw.GetAsync($"{commit}/status", GitHubJsonContext.Default.JsonElement, "read the combined status", cancellationToken).ConfigureAwait(false);
        foreach (var status in combined.TryGetProperty("statuses", out var statuses) && statuses.ValueKind == JsonValueKind.Array ? statuses.EnumerateArray() : default)
        {
            checks.Add(CheckReport.CommitStatus(status.GetProperty("context").GetString()!, headSha, status.GetProperty("state").GetString()!,
                status.TryGetProperty("target_url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null,
                status.TryGetProperty("updated_at", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset().ToUniversalTime() : null,
                status.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64().ToString(CultureInfo.InvariantCulture) : null));
        }

        var runs = await raw.GetAsync($"{commit}/check-runs?per_page=100", GitHubJsonContext.Default.JsonElement, "list the check runs", cancellationToken).ConfigureAwait(false);
        foreach (var run in runs.TryGetProperty("check_runs", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : default)
        {
            checks.Add(GitHubChecks.Report(CheckKind.CheckRun, run));
        }

        return checks;
    }
}
