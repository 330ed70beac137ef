namespace ScoreExporter.Hosting;

/// <summary>Checks the file named by <c>--config</c> before it is loaded, so each kind of mistake gets its own fix.</summary>
public static class ConfigFileArgument
{
    public static void ThrowIfUnusable(string given, string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new ConfigurationException($"--config '{given}' is a directory: give the path of a JSON file shaped like appsettings.json.");
        }

        if (!File.Exists(fullPath))
        {
            throw new ConfigurationException($"--config '{given}' does not exist: give the path of a JSON file shaped like appsettings.json.");
        }

        try
        {
            using var stream = File.OpenRead(fullPath);
            stream.ReadByte();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"--config '{given}' cannot be read: give the exporter's user read access to it.");
        }
    }
}
