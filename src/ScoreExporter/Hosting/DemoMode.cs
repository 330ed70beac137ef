namespace ScoreExporter.Hosting;

public static class DemoMode
{
    public const string Banner = "DEMO MODE";

    public static void Configure(WebApplicationBuilder builder) => throw new ConfigurationException("demo not built yet");
}
