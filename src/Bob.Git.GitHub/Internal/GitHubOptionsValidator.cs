using Microsoft.Extensions.Options;

namespace Bob.Git.GitHub.Internal;

internal sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = options.WebInstance;
        }
        catch (InvalidOperationException ex)
        {
            failures.Add(ex.Message);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Providers:GitHub:ApiBaseUrl: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId) != options.ClientSecret is null or { Length: 0 })
        {
            failures.Add("Providers:GitHub:ClientId and Providers:GitHub:ClientSecret must be set together.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
