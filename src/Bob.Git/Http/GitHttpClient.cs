namespace Bob.Git;

/// <summary>The named <see cref="HttpClient"/> every provider adapter uses: SSRF guard, no redirects, retries, timeouts.</summary>
public static class GitHttpClient
{
    /// <summary>The client's name for <see cref="IHttpClientFactory.CreateClient(string)"/> and <c>IHttpMessageHandlerFactory</c>.</summary>
    public const string Name = "Bob.Git";

    /// <summary>
    /// Set to <see langword="true"/> on a POST that is safe to repeat after a 5xx or a timeout (an OAuth token request, a
    /// GraphQL mutation that sets a state). Other POSTs are retried only on rate limits, which mean "not processed".
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> RetryUnsafeMethod = new("Bob.Git.RetryUnsafeMethod");
}
