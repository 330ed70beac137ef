using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ScoreExporter.Hosting;

namespace ScoreExporter.Tests.Hosting;

/// <summary>Every way ASP.NET takes a listening port wins over the exporter's default of 9464; a bad address is one line.</summary>
public sealed class ListenPortTests
{
    [Theory]
    [InlineData("command line")]
    [InlineData("DOTNET_HTTP_PORTS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    public async Task An_http_ports_setting_is_not_overridden_by_the_default_address(string source)
    {
        var port = FreePort();
        string[] args = source == "command line" ? ["--http_ports", port.ToString(CultureInfo.InvariantCulture)] : [];
        var variable = source == "command line" ? null : source;
        WebApplicationBuilder builder;
        try
        {
            if (variable is not null)
            {
                Environment.SetEnvironmentVariable(variable, port.ToString(CultureInfo.InvariantCulture));
            }

            builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        }
        finally
        {
            if (variable is not null)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }

        builder.Configuration.AddInMemoryCollection(UnreachableTenant);
        builder.AddScoreExporter();
        await using var app = builder.Build();
        app.MapScoreExporter();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal("ok", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz")));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_malformed_listen_address_is_one_line_and_exit_code_2()
    {
        var (exitCode, stderr) = await RunDemoAsync("--urls", "localhost-9464");

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal(
            "configuration error: --urls 'localhost-9464' is not a URL: use one like http://0.0.0.0:9464 (several are separated by ';').",
            stderr.TrimEnd());
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_code_2()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";

        var (exitCode, stderr) = await RunDemoAsync("--urls", address);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal(
            $"configuration error: {address} is in use by another process: stop that process, or listen elsewhere with --urls (e.g. http://0.0.0.0:9465).",
            stderr.TrimEnd());
    }

    private static async Task<(int ExitCode, string Stderr)> RunDemoAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exitCode = await ExporterHost.RunAsync(["--demo", .. args], stdout, stderr, AppContext.BaseDirectory, bound.Token);
        return (exitCode, stderr.ToString());
    }

    // A valid tenant whose API nobody answers: enough for the host to start.
    private static readonly Dictionary<string, string?> UnreachableTenant = new()
    {
        ["Defender:ApiBaseUrl"] = "http://127.0.0.1:9/",
        ["Defender:AuthorityHost"] = "https://127.0.0.1:9/",
        ["Defender:Tenants:0:Name"] = "contoso",
        ["Defender:Tenants:0:TenantId"] = "8f2b6c1e-4a5d-4e8f-9b1a-2c3d4e5f6a7b",
        ["Defender:Tenants:0:ClientId"] = "0e7c9a3b-1f2d-4c5e-8a9b-7d6e5f4a3b2c",
        ["Defender:Tenants:0:ClientSecret"] = "unused",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
