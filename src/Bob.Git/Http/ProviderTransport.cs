using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// How failures to get any answer from a provider surface, the same for every client: a connection the SSRF guard refused
/// is <see cref="GitProviderException"/>; an unreachable host or a timeout (after the retries) is
/// <see cref="GitProviderException"/>; the caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public static class ProviderTransport
{
    /// <summary>Runs <paramref name="send"/> and translates its transport failures.</summary>
    /// <param name="send">Sends the request (an <see cref="HttpClient"/> call, or a handler's inner call).</param>
    /// <param name="provider">Who was asked.</param>
    /// <param name="target">What was asked, for messages: the instance or endpoint, never a URL with a token.</param>
    /// <param name="operation">What was attempted ("create a merge request").</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static async Task<HttpResponseMessage> SendAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        GitProvider provider,
        string target,
        string operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        Internal.ProviderRequestMeasurement.Name(provider, operation); // measured by the pipeline, retries included
        try
        {
            var response = await send(cancellationToken).ConfigureAwait(false);
            ProviderRateBudget.Record(target, response, TimeProvider.System.GetUtcNow());
            return response;
        }
        catch (HttpRequestException ex) when (FindRefusal(ex) is { } refusal)
        {
            throw GitProviderException.InstanceNotAllowed(refusal.Message, provider, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new GitProviderException(BobErrorKind.Unavailable, $"{provider.ToDisplayName()} at {target} could not be reached to {operation}: {ex.Message}", provider, null, ex);
        }
        catch (Exception ex) when (ex is TimeoutException or Polly.Timeout.TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new GitProviderException(BobErrorKind.Unavailable, $"{provider.ToDisplayName()} at {target} did not answer in time to {operation}.", provider, null, ex);
        }
    }

    /// <summary>The SSRF guard's refusal somewhere in <paramref name="exception"/>'s chain, or <see langword="null"/>.</summary>
    internal static GitProviderException? FindRefusal(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is GitProviderException { IsInstanceNotAllowed: true } refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}
