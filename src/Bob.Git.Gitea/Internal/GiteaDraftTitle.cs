namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea marks work in progress with a title prefix (setting <c>WORK_IN_PROGRESS_PREFIXES</c>): reads and writes it.</summary>
internal sealed class GiteaDraftTitle(string prefix)
{
    private readonly string[] _prefixes = [prefix, "[WIP]"];

    /// <summary>The title without a draft prefix, and whether it had one.</summary>
    public (string Title, bool Draft) Read(string title)
    {
        var found = _prefixes.FirstOrDefault(p => title.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        return found is null ? (title, false) : (title[found.Length..].TrimStart(), true);
    }

    /// <summary>The title as sent to Gitea: with the configured prefix for a draft, without any prefix otherwise.</summary>
    public string Write(string title, bool draft)
    {
        var bare = Read(title).Title;
        return draft ? $"{prefix} {bare}" : bare;
    }
}
