using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ScoreExporter.Web;

/// <summary>
/// Wires the web configuration file (<c>--web.config.file</c> or <c>Web:ConfigFile</c>): read and checked at start,
/// TLS on every listener with handshake options taken per connection, and the access middleware.
/// </summary>
public static class WebConfigurationExtensions
{
    /// <summary>The exporter-toolkit's switch, as the command line hands it to configuration.</summary>
    public const string CommandLineKey = "web.config.file";

    public static WebApplicationBuilder AddWebConfiguration(this WebApplicationBuilder builder)
    {
        var given = builder.Configuration[CommandLineKey] is { Length: > 0 } fromSwitch ? fromSwitch : builder.Configuration[WebConfigurationReader.ConfigurationKey];
        var path = string.IsNullOrEmpty(given) ? null : Path.GetFullPath(given);
        var initial = path is null ? WebState.None : WebState.Load(path);

        builder.Services.AddSingleton<VerifiedPasswords>();
        builder.Services.AddSingleton<RefusedClientLog>();
        builder.Services.AddSingleton(services =>
        {
            var monitor = new WebConfigurationMonitor(path, initial, services.GetRequiredService<ILogger<WebConfigurationMonitor>>(), services.GetRequiredService<TimeProvider>());
            if (path is not null)
            {
                WebLog.Loaded(services.GetRequiredService<ILogger<WebConfigurationMonitor>>(), path, initial.Tls is null ? "off" : "on",
                    initial.Configuration.Tls?.ClientAuth.ToString() ?? "off", initial.Configuration.Users.Count);
            }

            return monitor;
        });

        if (initial.Tls is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            {
                var monitor = listen.ApplicationServices.GetRequiredService<WebConfigurationMonitor>();
                var refusals = listen.ApplicationServices.GetRequiredService<RefusedClientLog>();
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = context => ValueTask.FromResult(monitor.ForConnection().Tls!.HandshakeOptions(
                        refusal => refusals.Refused(context.Connection.RemoteEndPoint?.ToString(), refusal))),
                });
            }));
        }

        return builder;
    }

    public static WebApplication UseWebConfiguration(this WebApplication app)
    {
        // Made now, not at the first request, so the configuration in force is logged at start.
        app.Services.GetRequiredService<WebConfigurationMonitor>();
        app.UseMiddleware<WebAccessMiddleware>();
        return app;
    }
}
