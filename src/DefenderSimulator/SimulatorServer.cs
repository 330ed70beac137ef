using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Features;

namespace DefenderSimulator;

/// <summary>
/// A Microsoft Defender for Endpoint API and Entra ID token endpoint on loopback: several tenants, scores that
/// drift, device groups, paged machines, bearer tokens checked per tenant, fault injection per tenant and
/// endpoint, and a log of every request.
/// Both listeners serve everything: plain http (<see cref="ApiBaseUrl"/>) for a loopback API, and TLS
/// (<see cref="HttpsBaseUrl"/>, also the <see cref="AuthorityHost"/>) with a self-signed certificate
/// (<see cref="TlsCertificate"/>), since Azure.Identity only talks to an https authority. See README.md.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SimulatedTenant> tenants = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication? app;
    private int disposed;

    private SimulatorServer(SimulatorOptions options)
    {
        Options = options;
        Log = new RequestLog(options.RequestLogCapacity, options.TimeProvider);
        TlsCertificate = DefenderSimulator.TlsCertificate.Create();
    }

    public Uri ApiBaseUrl { get; private set; } = null!;

    public Uri HttpsBaseUrl { get; private set; } = null!;

    /// <summary>
    /// A second plain-http listener serving the same API: a "same host, other port" that a hostile
    /// <c>@odata.nextLink</c> can name, where every request that arrives is logged with its Authorization header.
    /// </summary>
    public Uri DecoyHttpBaseUrl { get; private set; } = null!;

    /// <summary>A second TLS listener, as <see cref="DecoyHttpBaseUrl"/> for https.</summary>
    public Uri DecoyHttpsBaseUrl { get; private set; } = null!;

    /// <summary>The Azure.Identity AuthorityHost: the TLS listener.</summary>
    public Uri AuthorityHost => HttpsBaseUrl;

    public X509Certificate2 TlsCertificate { get; }

    public RequestLog Log { get; }

    public IReadOnlyCollection<SimulatedTenant> Tenants => tenants.Values.ToArray();

    internal SimulatorOptions Options { get; }

    /// <summary>Fires when the server stops, so hung requests let go at once.</summary>
    internal CancellationToken Stopping { get; private set; }

    public SimulatedTenant this[string tenantId] => tenants[tenantId];

    public static async Task<SimulatorServer> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new SimulatorServer(options ?? new SimulatorOptions());
        try
        {
            await server.StartCoreAsync(cancellationToken);
            return server;
        }
        catch
        {
            // A port in use or a cancelled start: nothing else holds the server, so free it here.
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>True for the simulator's own certificate: for a client's certificate validation callback.</summary>
    public bool IsSimulatorCertificate(X509Certificate2? certificate) =>
        certificate is not null && certificate.RawDataMemory.Span.SequenceEqual(TlsCertificate.RawDataMemory.Span);

    public SimulatedTenant AddTenant(string tenantId, string clientId, string? clientSecret = null, double score = 500)
    {
        var tenant = new SimulatedTenant(tenantId, clientId, clientSecret, score, Options.TimeProvider);
        if (!tenants.TryAdd(tenantId, tenant))
        {
            throw new ArgumentException($"Tenant {tenantId} already exists.", nameof(tenantId));
        }

        return tenant;
    }

    public bool RemoveTenant(string tenantId) => tenants.TryRemove(tenantId, out _);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }

        TlsCertificate.Dispose();
    }

    internal SimulatedTenant? Find(string tenantId) => tenants.GetValueOrDefault(tenantId);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Options.LoggerProvider is not null)
        {
            builder.Logging.AddProvider(Options.LoggerProvider);
        }

        // Embedded in a test or the exporter's --demo: the host process owns Ctrl+C and SIGTERM, not this server.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, SimulatorJsonContext.Default);
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        var listeners = new List<ListenOptions>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, Options.ApiPort, listeners.Add);
            kestrel.Listen(IPAddress.Loopback, Options.HttpsPort, listen => listeners.Add(listen.UseHttps(TlsCertificate)));
            kestrel.Listen(IPAddress.Loopback, 0, listeners.Add);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listeners.Add(listen.UseHttps(TlsCertificate)));
        });

        app = builder.Build();
        Stopping = app.Lifetime.ApplicationStopping;
        var tokens = new TokenEndpoint(this);
        app.MapPost("/{tenantId}/oauth2/v2.0/token", (HttpContext context, string tenantId) => tokens.HandleAsync(context, tenantId));
        ApiEndpoint[] endpoints =
        [
            new ScoreEndpoint(this, tokens, ScoreResource.Configuration),
            new ScoreEndpoint(this, tokens, ScoreResource.Exposure),
            new DeviceGroupScoresEndpoint(this, tokens),
            new MachinesEndpoint(this, tokens),
            new SecureScoresEndpoint(this, tokens),
            new SecureScoreControlProfilesEndpoint(this, tokens),
            new IncidentsEndpoint(this, tokens),
            new RecommendationsEndpoint(this, tokens),
            new DeviceAvInfoEndpoint(this, tokens),
        ];
        foreach (var endpoint in endpoints)
        {
            app.MapGet(endpoint.Endpoint.Path(), endpoint.HandleAsync);
        }

        OpenIdMetadata.Map(app, this);
        ControlApi.Map(app, this);
        app.MapFallback(new UnknownPathEndpoint(this, tokens).HandleAsync);
        await app.StartAsync(cancellationToken);

        // Kestrel writes the bound port back into each listener's endpoint, port 0 included.
        (ApiBaseUrl, HttpsBaseUrl, DecoyHttpBaseUrl, DecoyHttpsBaseUrl) = (Url(listeners[0], "http"), Url(listeners[1], "https"), Url(listeners[2], "http"), Url(listeners[3], "https"));
    }

    private static Uri Url(ListenOptions listener, string scheme) =>
        new($"{scheme}://127.0.0.1:{((IPEndPoint)listener.EndPoint).Port}/");
}

/// <summary>A host lifetime that listens to no console signal: whoever embeds the simulator decides when it stops.</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
