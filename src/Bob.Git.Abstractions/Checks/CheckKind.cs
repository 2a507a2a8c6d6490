namespace Bob.Git.Abstractions;

/// <summary>What a check on a commit is, as its provider reports it (issue 21).</summary>
public enum CheckKind
{
    /// <summary>A commit status (GitHub and Gitea <c>status</c>): replaced by the context's newer status.</summary>
    Status = 1,

    /// <summary>A GitHub check run.</summary>
    CheckRun = 2,

    /// <summary>A GitHub Actions workflow run (or a Gitea/Forgejo Actions run).</summary>
    WorkflowRun = 3,

    /// <summary>A GitLab pipeline.</summary>
    Pipeline = 4,
}
