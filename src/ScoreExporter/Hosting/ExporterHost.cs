namespace ScoreExporter.Hosting;

/// <summary>The whole start: usage, configuration, the host, and the exit code. Program.cs only calls it.</summary>
public static class ExporterHost
{
    /// <summary>Runs until shutdown (or <paramref name="cancellationToken"/>); 0 on a normal stop, 2 on a configuration mistake.</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, string contentRoot, CancellationToken cancellationToken = default)
    {
        var commandLine = ExporterCommandLine.Parse(args);
        if (commandLine.Help)
        {
            await output.WriteAsync(ExporterUsage.Text).ConfigureAwait(false);
            return 0;
        }

        return await StartupErrors.ExitOnConfigurationErrorAsync(
            async () =>
            {
                await using var app = await BuildAsync(commandLine, contentRoot).ConfigureAwait(false);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            },
            error).ConfigureAwait(false);
    }

    /// <summary>The exporter's web application, configured and mapped but not started.</summary>
    public static async Task<WebApplication> BuildAsync(ExporterCommandLine commandLine, string contentRoot)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = commandLine.HostArgs, ContentRootPath = contentRoot });
        builder.AddScoreExporter();
        if (commandLine.Demo)
        {
            await DemoMode.ConfigureAsync(builder).ConfigureAwait(false);
        }

        var app = builder.Build();
        app.MapScoreExporter();
        return app;
    }
}
