namespace Bob.Git;

/// <summary>
/// An exclusive lock on one repository's mirror, held as an open lock file (<c>flock</c> on Unix), so requests in one
/// process, in other processes and in other hosts that share the work directory take turns; the operating system releases
/// it if the holder dies.
/// </summary>
internal sealed class MirrorLock : IDisposable
{
    private readonly FileStream _file;

    private MirrorLock(FileStream file) => _file = file;

    public static async Task<MirrorLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var wait = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                return new MirrorLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromMilliseconds(Math.Min(500, wait.TotalMilliseconds * 2));
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"Another request held the repository's mirror for longer than {timeout.TotalSeconds:0} s.", ex);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
