using ScoreExporter.Hosting;

return await StartupErrors.ExitOnConfigurationErrorAsync(async () =>
{
    var commandLine = ExporterCommandLine.Parse(args);
    // appsettings.json sits beside the binary, wherever the process is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = commandLine.HostArgs, ContentRootPath = AppContext.BaseDirectory });
    builder.AddScoreExporter(commandLine);
    await using var app = builder.Build();
    app.MapScoreExporter();
    await app.RunAsync();
});
