using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea.Internal;

internal sealed class GiteaOptionsValidator : IValidateOptions<GiteaOptions>
{
    public ValidateOptionsResult Validate(string? name, GiteaOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = options.Instance;
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Providers:Gitea:BaseUrl: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId) != options.ClientSecret is null or { Length: 0 })
        {
            failures.Add("Providers:Gitea:ClientId and Providers:Gitea:ClientSecret must be set together.");
        }

        if (!string.IsNullOrWhiteSpace(options.ClientId) && options.Instance is null)
        {
            failures.Add("Providers:Gitea:ClientId needs Providers:Gitea:BaseUrl: an OAuth application belongs to one instance.");
        }

        if (string.IsNullOrWhiteSpace(options.DraftTitlePrefix))
        {
            failures.Add("Providers:Gitea:DraftTitlePrefix must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
