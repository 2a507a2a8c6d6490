using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Bob.Testing;

/// <summary>Serves git's smart HTTP protocol from bare repositories with the real <c>git http-backend</c> (as CGI).</summary>
public static partial class GitSmartHttp
{
    /// <summary>Whether the path is one of git's smart HTTP requests.</summary>
    public static bool IsGitRequest(string? path) => path is not null && GitPath().IsMatch(path);

    /// <summary>Answers one git request: 401 without the expected <c>Authorization</c>, else whatever http-backend says.</summary>
    public static async Task ServeAsync(HttpContext context, string root, string? authorization, Func<string?, bool>? authorizes = null)
    {
        var request = context.Request;
        var presented = request.Headers.Authorization.ToString();
        if (authorizes is not null ? !authorizes(presented.Length == 0 ? null : presented)
            : authorization is not null && !string.Equals(presented, authorization, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"fake git\"";
            return;
        }

        var start = new ProcessStartInfo("git", "http-backend")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["GIT_PROJECT_ROOT"] = root;
        env["GIT_HTTP_EXPORT_ALL"] = "1";
        env["REQUEST_METHOD"] = request.Method;
        env["PATH_INFO"] = request.Path.Value;
        env["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        env["CONTENT_TYPE"] = request.ContentType ?? "";
        env["REMOTE_USER"] = "fake";
        env["REMOTE_ADDR"] = "127.0.0.1";
        env["GIT_HTTP_MAX_REQUEST_BUFFER"] = "100M";
        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            env["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            env["GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(output);
        await request.Body.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        await copyOut;
        await process.WaitForExitAsync();
        _ = await stderr;

        // CGI: headers, a blank line, the body.
        var bytes = output.ToArray();
        var split = IndexOf(bytes, "\r\n\r\n"u8, out var separator);
        if (split < 0)
        {
            split = IndexOf(bytes, "\n\n"u8, out separator);
        }

        var head = Encoding.ASCII.GetString(bytes, 0, Math.Max(0, split));
        context.Response.StatusCode = 200;
        foreach (var line in head.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers[name] = value;
            }
        }

        if (split >= 0)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory(split + separator));
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle, out int length)
    {
        length = needle.Length;
        return haystack.AsSpan().IndexOf(needle);
    }

    [GeneratedRegex(@"^/.+\.git/(info/refs|git-upload-pack|git-receive-pack)$")]
    private static partial Regex GitPath();
}
