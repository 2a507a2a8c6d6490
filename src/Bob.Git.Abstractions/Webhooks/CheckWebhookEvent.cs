namespace Bob.Git.Abstractions;

/// <summary>A check on a commit changed (issue 21): a commit status, a check run, a workflow run or a pipeline.</summary>
/// <param name="Repository">The remote.</param>
/// <param name="Action">What happened, as the provider says it (<c>status</c>, <c>check_run.completed</c>, <c>pipeline.failed</c>, ...).</param>
/// <param name="Check">The check as reported.</param>
public sealed record CheckWebhookEvent(RemoteRepositoryIdentity Repository, string Action, CheckReport Check) : GitWebhookEvent(Repository);
