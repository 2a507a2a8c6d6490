using System.Collections.Concurrent;

namespace Bob.Git.GitLab.Internal;

/// <summary>
/// Numeric project ids by instance and path, shared by every client: ids never change, and calling the API by id avoids
/// URL-encoded paths, which some proxies decode and break. An id survives renames and transfers of its project.
/// </summary>
internal sealed class GitLabProjectIds
{
    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);

    public bool TryGet(string key, out long id) => _ids.TryGetValue(key, out id);

    public void Set(string key, long id) => _ids[key] = id;

    public void Forget(string key) => _ids.TryRemove(key, out _);
}
