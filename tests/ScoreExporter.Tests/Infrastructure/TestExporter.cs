using System.Globalization;
using DefenderSimulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Hosting;
using ScoreExporter.Defender;
using ScoreExporter.Polling;

namespace ScoreExporter.Tests.Infrastructure;

/// <summary>
/// The real exporter host (Kestrel on loopback, Azure.Identity, Polly, the OpenTelemetry Prometheus exporter)
/// configured against a simulator, with only its settings, clock and log sink chosen by the test.
/// </summary>
public sealed class TestExporter : IAsyncDisposable
{
    public const string ConfigurationScore = "configuration_score";

    /// <summary>Every collector's interval unless a test sets its own.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    private readonly WebApplication app;

    private TestExporter(WebApplication app, Uri baseAddress, FakeTimeProvider? time, LogCapture logs)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Time = time;
        Logs = logs;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The exporter's clock, when the test drives time.</summary>
    public FakeTimeProvider? Time { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => app.Services;

    public TenantRegistry Registry => app.Services.GetRequiredService<TenantRegistry>();

    /// <summary>Starts an exporter that polls the simulator with the given settings (keys as in appsettings.json, ':'-separated).</summary>
    public static async Task<TestExporter> StartAsync(
        SimulatorServer simulator,
        IDictionary<string, string?> settings,
        FakeTimeProvider? time = null,
        bool waitUntilReady = true,
        Action<IServiceCollection>? services = null)
    {
        var logs = new LogCapture();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Test",
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Only what the test says: no machine environment (AZURE_*), no appsettings.json.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0",
            ["Defender:ApiBaseUrl"] = simulator.ApiBaseUrl.ToString(),
            ["Defender:GraphBaseUrl"] = simulator.ApiBaseUrl.ToString(),
            ["Defender:AuthorityHost"] = simulator.AuthorityHost.ToString(),
            ["Defender:PollInterval"] = PollInterval.ToString("c", CultureInfo.InvariantCulture),

            // One API call per poll unless a test says otherwise, so call counts stay those of one collector.
            ["Defender:Collectors:ExposureScore:Enabled"] = "false",
            ["Defender:Collectors:DeviceGroupExposureScore:Enabled"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        if (time is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(time);
        }

        builder.Services.TryAddSingleton(new PinnedCertificates().Add(simulator.TlsCertificate));
        builder.AddScoreExporter();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapScoreExporter();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A host that failed to start must not linger and show up in later tests' expositions.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var exporter = new TestExporter(app, new Uri(address), time, logs);
        if (waitUntilReady)
        {
            await exporter.Services.GetRequiredService<Readiness>().WhenReady.WaitAsync(Eventually.DefaultTimeout);
        }

        return exporter;
    }

    /// <summary>Settings for one tenant polled with a client secret, at index <paramref name="index"/>.</summary>
    public static Dictionary<string, string?> TenantSettings(int index, string name, SimulatedTenant tenant, string? secret = null) => new()
    {
        [$"Defender:Tenants:{index}:Name"] = name,
        [$"Defender:Tenants:{index}:TenantId"] = tenant.TenantId,
        [$"Defender:Tenants:{index}:ClientId"] = tenant.ClientId,
        [$"Defender:Tenants:{index}:ClientSecret"] = secret ?? tenant.ClientSecret,
    };

    public TenantState Tenant(string name) => Registry.Find(name) ?? throw new ArgumentException($"No tenant {name}");

    /// <summary>The tenant's Secure Score collector, the one every test exporter runs.</summary>
    public CollectorState Score(string tenant) => Collector(tenant, ConfigurationScore);

    public CollectorState Collector(string tenant, string collector) =>
        Tenant(tenant).Collector(collector) ?? throw new ArgumentException($"Collector {collector} is not enabled");

    public async Task<MetricsText> ScrapeAsync()
    {
        var text = await Http.GetStringAsync("/metrics");
        return MetricsText.Parse(text);
    }

    /// <summary>
    /// Moves the fake clock forward in small steps (so retries, backoff and timeouts inside a poll play out)
    /// until the tenant has finished one more poll; returns the fake time that took.
    /// </summary>
    public async Task<TimeSpan> PollOnceAsync(string tenant) => await AdvanceUntilAsync(tenant, Score(tenant).CompletedPolls + 1);

    /// <summary>Like <see cref="PollOnceAsync"/>, until the tenant has finished <paramref name="polls"/> polls in all.</summary>
    public Task<TimeSpan> AdvanceUntilAsync(string tenant, long polls) => AdvanceUntilAsync(Score(tenant), polls);

    /// <summary>
    /// Moves the fake clock in steps (250 ms unless told; longer ones for collectors polled every few minutes) until
    /// <paramref name="collector"/> has finished <paramref name="polls"/> polls in all.
    /// </summary>
    public async Task<TimeSpan> AdvanceUntilAsync(CollectorState collector, long polls, TimeSpan? stepSize = null)
    {
        var step = stepSize ?? TimeSpan.FromMilliseconds(250);
        var advanced = TimeSpan.Zero;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (collector.CompletedPolls < polls)
        {
            if (clock.Elapsed > Eventually.DefaultTimeout)
            {
                throw new TimeoutException($"{collector.Tenant.Name}/{collector.Name} finished {collector.CompletedPolls} polls, not {polls}, after {advanced} of fake time");
            }

            Time!.Advance(step);
            advanced += step;

            // Pacing, not waiting: lets the real work the new time released (HTTP on loopback) run before the next step.
            await Task.Delay(15);
        }

        return advanced;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
