namespace Bob.Webhooks;

/// <summary>The lower-case names of <see cref="WebhookSource"/>: routes and <c>webhook_deliveries.provider</c>.</summary>
public static class WebhookSourceNames
{
    /// <summary>Returns <c>github</c>, <c>gitlab</c>, <c>gitea</c> or <c>kanbanger</c>.</summary>
    public static string ToWireName(this WebhookSource source) => source switch
    {
        WebhookSource.GitHub => "github",
        WebhookSource.GitLab => "gitlab",
        WebhookSource.Gitea => "gitea",
        WebhookSource.Kanbanger => "kanbanger",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown webhook source."),
    };

    /// <summary>Parses a lower-case source name.</summary>
    public static bool TryParse(string? value, out WebhookSource source)
    {
        source = value switch
        {
            "github" => WebhookSource.GitHub,
            "gitlab" => WebhookSource.GitLab,
            "gitea" => WebhookSource.Gitea,
            "kanbanger" => WebhookSource.Kanbanger,
            _ => default,
        };
        return source != default;
    }
}
