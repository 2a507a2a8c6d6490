using BenchmarkDotNet.Attributes;
using Bob.Git.Abstractions;

namespace Bob.Benchmarks.Remotes;

/// <summary>
/// Parsing a remote URL into its identity, against the floor of letting <see cref="Uri"/> parse the same text.
/// Remote URLs are parsed on every repository registration and webhook match, so this should stay a small multiple of it.
/// </summary>
[MemoryDiagnoser]
public class RemoteUrlParserBenchmarks
{
    private readonly RemoteUrlParser _parser = new([GitInstance.Create(GitProvider.GitLab, "https://git.example.org/gitlab")]);

    [Params(
        "https://github.com/dotnet/runtime.git",
        "https://git.example.org/gitlab/platform/tools/cli.git")]
    public string Url { get; set; } = "";

    [Benchmark(Baseline = true)]
    public Uri UriParse() => new(Url, UriKind.Absolute);

    [Benchmark]
    public ParsedRemoteUrl RemoteUrlParse() => _parser.Parse(Url);
}
