namespace ScoreExporter.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test binaries' folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScoreExporter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ScoreExporter.sln not found above " + AppContext.BaseDirectory);
    }
}
