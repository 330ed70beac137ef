using ScoreExporter.Hosting;

return await StartupErrors.ExitOnConfigurationErrorAsync(async () =>
{
    var commandLine = ExporterCommandLine.Parse(args);
    var builder = WebApplication.CreateBuilder(commandLine.HostArgs);
    builder.AddScoreExporter(commandLine);
    await using var app = builder.Build();
    app.MapScoreExporter();
    await app.RunAsync();
});
