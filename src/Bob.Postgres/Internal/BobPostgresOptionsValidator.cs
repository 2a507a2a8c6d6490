using Microsoft.Extensions.Options;

namespace Bob.Postgres.Internal;

/// <summary>Validates <see cref="Bob.Postgres.BobPostgresOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class BobPostgresOptionsValidator : IValidateOptions<BobPostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, BobPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("ConnectionStrings:Bob (environment variable ConnectionStrings__Bob) is not set: give the Npgsql connection string of the Bob database.");
        }

        if (options.Schema is not { } schema || !SchemaName.IsValid(schema))
        {
            failures.Add("Bob:Postgres:Schema must be lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
