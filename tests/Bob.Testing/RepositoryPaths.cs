namespace Bob.Testing;

/// <summary>Where the repository and the running test's build configuration are, for tests that run real builds and processes.</summary>
public static class RepositoryPaths
{
    private static readonly DirectoryInfo TestOutput = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The folder holding <c>Bob.sln</c>.</summary>
    public static string Root
    {
        get
        {
            var dir = TestOutput;
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bob.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Bob.sln was not found above the test output folder.");
        }
    }

    /// <summary>The build configuration the tests run in (<c>Debug</c> or <c>Release</c>), from <c>bin/&lt;Configuration&gt;/&lt;tfm&gt;</c>.</summary>
    public static string Configuration => TestOutput.Parent!.Name;

    /// <summary>The target framework folder name, such as <c>net10.0</c>.</summary>
    public static string TargetFramework => TestOutput.Name;
}
