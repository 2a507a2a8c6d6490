using Microsoft.Extensions.Options;

namespace Bob.Notifications.Internal;

/// <summary>Validates <see cref="Bob.Notifications.ExpoPushOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class ExpoPushOptionsValidator : IValidateOptions<ExpoPushOptions>
{
    public ValidateOptionsResult Validate(string? name, ExpoPushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (!(options.BaseUrl is { IsAbsoluteUri: true } && options.MaxConcurrentRequests is > 0 and <= 64 && options.MaxRetries is >= 0 and <= 10 && options.RetryMinDelay >= TimeSpan.Zero && options.ReceiptDelaySeconds >= 0))
        {
            failures.Add("Expo: BaseUrl must be absolute, MaxConcurrentRequests 1–64, MaxRetries 0–10, RetryMinDelay and ReceiptDelaySeconds not negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
