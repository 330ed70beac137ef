using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// A stand-in for the API host where the simulator cannot misbehave the way a test needs: a TLS certificate
/// nobody trusts, or a body whose bytes must be counted as they leave. Kestrel on loopback, one handler.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private HostileServer(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<HostileServer> StartAsync(RequestDelegate handler, X509Certificate2? tlsCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (tlsCertificate is not null)
            {
                listen.UseHttps(tlsCertificate);
            }
        }));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HostileServer(app, new Uri(address + "/"));
    }

    /// <summary>A loopback URL nothing listens on: a port just bound and released.</summary>
    public static Uri RefusingUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>A self-signed certificate for 127.0.0.1 that the exporter has no reason to trust.</summary>
    public static X509Certificate2 UntrustedCertificate()
    {
        using var created = TestCertificates.Create("CN=untrusted.invalid");
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
