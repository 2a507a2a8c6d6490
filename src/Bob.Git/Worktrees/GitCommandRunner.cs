using System.Diagnostics;
using System.Text;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>
/// The one place the suite starts <c>git</c> (<see cref="GitWorkOptions.Executable"/>). Every command runs with arguments
/// as a list (no shell), a timeout (<see cref="GitWorkOptions.CommandTimeout"/>; the process tree is killed past it),
/// <c>GIT_TERMINAL_PROMPT=0</c>, no system or global configuration, no credential helper, only the http(s) transports,
/// and the C locale. A token reaches git only as an <c>http.&lt;instance&gt;.extraHeader</c> in the
/// <c>GIT_CONFIG_COUNT</c>/<c>GIT_CONFIG_KEY_n</c>/<c>GIT_CONFIG_VALUE_n</c> environment, so it is never in the process
/// arguments, a remote URL or a configuration file, and it is scrubbed from everything git prints before it is logged or
/// put in an exception. A command with credentials connects only to the addresses the SSRF guard checked
/// (<see cref="InstanceAddressGuard.PinAsync"/> as <c>http.curloptResolve</c>) and follows no redirect.
/// </summary>
public sealed partial class GitCommandRunner(IOptions<GitWorkOptions> options, ILogger<GitCommandRunner> logger, InstanceAddressGuard? guard = null)
{
    /// <summary>Runs git and returns what it printed, whatever its exit code.</summary>
    /// <param name="workingDirectory">Where git runs (a worktree, a mirror, or <see langword="null"/> for the current directory).</param>
    /// <param name="arguments">The arguments, each passed as is.</param>
    /// <param name="credentials">The token for the remote's HTTP requests, if any.</param>
    /// <param name="cancellationToken">Cancels and kills the command.</param>
    /// <exception cref="GitCommandException">git could not start, or ran past the timeout.</exception>
    /// <exception cref="GitProviderException">With credentials: the instance's host resolves to a non-public address (and private networks are not allowed).</exception>
    public async Task<GitCommandResult> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, GitCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var o = options.Value;
        var start = new ProcessStartInfo(o.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var pin = credentials is not null && guard is not null ? await guard.PinAsync(credentials.Instance, cancellationToken).ConfigureAwait(false) : null;
        ConfigureEnvironment(start.Environment, credentials, pin);
        var command = arguments.Count > 0 ? arguments[0] : "";
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new GitCommandException($"git could not be started ('{o.Executable}'): {ex.Message}", null, null);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            var partial = Scrub(await Drain(stderr).ConfigureAwait(false), credentials);
            cancellationToken.ThrowIfCancellationRequested();
            LogTimedOut(logger, command, o.CommandTimeout, partial);
            throw new GitCommandException($"git {command} did not finish within {o.CommandTimeout.TotalSeconds:0} s and was stopped.", null, partial);
        }

        var result = new GitCommandResult(process.ExitCode, await stdout.ConfigureAwait(false), Scrub(await stderr.ConfigureAwait(false), credentials));
        if (result.ExitCode == 0)
        {
            LogRan(logger, command, stopwatch.Elapsed.TotalMilliseconds);
        }
        else
        {
            LogFailed(logger, command, result.ExitCode, TextRules.Excerpt(result.Error.Trim(), 500));
        }

        return result;
    }

    /// <summary>Runs git and returns its standard output, trimmed; a non-zero exit throws.</summary>
    /// <exception cref="GitCommandException">git failed, could not start, or ran past the timeout.</exception>
    public async Task<string> RunCheckedAsync(string? workingDirectory, IReadOnlyList<string> arguments, GitCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(workingDirectory, arguments, credentials, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.Output.Trim()
            : throw new GitCommandException($"git {(arguments.Count > 0 ? arguments[0] : "")} failed ({result.ExitCode}): {TextRules.Excerpt(result.Error.Trim(), 300)}", result.ExitCode, result.Error);
    }

    /// <summary>The environment every git command runs with; the token only ever as a scoped extra header.</summary>
    internal static void ConfigureEnvironment(IDictionary<string, string?> environment, GitCredentials? credentials, string? pin = null)
    {
        // Nothing of the host's own git set-up leaks in: no GIT_DIR or GIT_* of the parent, no user or system configuration.
        foreach (var key in environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal) || k == "SSH_ASKPASS").ToArray())
        {
            environment.Remove(key);
        }

        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        environment["GIT_ASKPASS"] = "";
        environment["LC_ALL"] = "C";
        environment["LANGUAGE"] = "C";
        var config = new List<(string Key, string Value)>
        {
            ("credential.helper", ""),
            ("core.askPass", ""),
            ("protocol.allow", "never"),
            ("protocol.https.allow", "always"),
            ("protocol.http.allow", "always"),
            ("user.name", "Bob"),
            ("user.email", "bob@localhost"),
        };
        if (credentials is not null)
        {
            config.Add(($"http.{credentials.Instance.BaseUrl}/.extraHeader", "Authorization: " + credentials.AuthorizationHeader));
            config.Add(("http.followRedirects", "false"));
        }

        if (pin is not null)
        {
            config.Add(("http.curloptResolve", pin));
        }

        environment["GIT_CONFIG_COUNT"] = config.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < config.Count; i++)
        {
            environment[$"GIT_CONFIG_KEY_{i}"] = config[i].Key;
            environment[$"GIT_CONFIG_VALUE_{i}"] = config[i].Value;
        }
    }

    /// <summary>Removes the token, and the Basic credentials made of it, from text git printed.</summary>
    internal static string Scrub(string text, GitCredentials? credentials)
    {
        if (credentials is null || text.Length == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        builder.Replace(credentials.AuthorizationHeader["Basic ".Length..], Secret.Redacted);
        builder.Replace(credentials.Token.Reveal(), Secret.Redacted);
        return builder.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it ended in the meantime
        }
    }

    private static async Task<string> Drain(Task<string> stream)
    {
        try
        {
            return await stream.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "";
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "git {Command} finished in {Milliseconds:0} ms")]
    private static partial void LogRan(ILogger logger, string command, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "git {Command} exited with {ExitCode}: {Error}")]
    private static partial void LogFailed(ILogger logger, string command, int exitCode, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "git {Command} ran past {Timeout} and was stopped: {Error}")]
    private static partial void LogTimedOut(ILogger logger, string command, TimeSpan timeout, string error);
}
