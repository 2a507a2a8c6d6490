using Microsoft.Extensions.Options;

namespace Bob.Webhooks.Internal;

/// <summary>Validates <see cref="Bob.Webhooks.BobWebhooksOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class BobWebhooksOptionsValidator : IValidateOptions<BobWebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, BobWebhooksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.MaxBodyBytes is <= 0 or > int.MaxValue)
        {
            failures.Add("Webhooks:MaxBodyBytes must be between 1 and 2147483647.");
        }

        if (options.MaxBufferedBodyBytes < options.MaxBodyBytes)
        {
            failures.Add("Webhooks:MaxBufferedBodyBytes must be at least Webhooks:MaxBodyBytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
