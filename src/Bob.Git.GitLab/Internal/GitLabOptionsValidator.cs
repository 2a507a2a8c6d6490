using Microsoft.Extensions.Options;

namespace Bob.Git.GitLab.Internal;

internal sealed class GitLabOptionsValidator : IValidateOptions<GitLabOptions>
{
    public ValidateOptionsResult Validate(string? name, GitLabOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = options.Instance;
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Providers:GitLab:BaseUrl: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId) != options.ClientSecret is null or { Length: 0 })
        {
            failures.Add("Providers:GitLab:ClientId and Providers:GitLab:ClientSecret must be set together.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
