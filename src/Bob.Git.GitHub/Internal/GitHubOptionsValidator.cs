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

        // A GitHub App with a key that cannot sign stops the host at start, naming the setting (never the key). Missing
        // pieces only make the App's features unavailable, with a message naming them when they are used.
        if (options.App is { } app && app.MissingForTokens is null)
        {
            try
            {
                GitHubAppJwt.Create(app).Dispose();
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (options.App is { } a && string.IsNullOrWhiteSpace(a.ClientId) != a.ClientSecret is null or { Length: 0 })
        {
            failures.Add("Providers:GitHub:App:ClientId and Providers:GitHub:App:ClientSecret must be set together.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
