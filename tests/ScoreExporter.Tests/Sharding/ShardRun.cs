using DefenderSimulator;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Sharding;

/// <summary>
/// One exporter process started with the fleet's config file against a simulator of its own that holds every tenant
/// of the fleet: that simulator's request log holds this process's calls and no other's. Scraped once it is ready,
/// that is once it has polled each of its tenants.
/// </summary>
public sealed class ShardRun : IAsyncDisposable
{
    // Three processes starting and polling a hundred tenants each on a shared machine; only a failure waits this long.
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyList<FleetTenant> fleet;
    private readonly TempDirectory temp;

    private ShardRun(IReadOnlyList<FleetTenant> fleet, SimulatorServer simulator, RunningExporter exporter, MetricsText metrics, TempDirectory temp)
    {
        this.fleet = fleet;
        this.temp = temp;
        Simulator = simulator;
        Exporter = exporter;
        Metrics = metrics;
    }

    public SimulatorServer Simulator { get; }

    public RunningExporter Exporter { get; }

    /// <summary>The process's /metrics right after it became ready.</summary>
    public MetricsText Metrics { get; }

    /// <summary>The tenants the process publishes (defender_tenant_info).</summary>
    public IReadOnlySet<string> PublishedTenants => Metrics.All("defender_tenant_info").Select(s => s.Labels["tenant"]).ToHashSet(StringComparer.Ordinal);

    /// <summary>The tenants the simulator saw this process call, for a token or the API.</summary>
    public IReadOnlySet<string> CalledTenants => fleet.Where(Called).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    public bool Called(FleetTenant tenant) =>
        Simulator.Log.Count(tenant.TenantId, RequestKind.Api) + Simulator.Log.Count(tenant.TenantId, RequestKind.Token) > 0;

    public static async Task<ShardRun> StartAsync(ShardFleet fleet, IReadOnlyDictionary<string, string> environment)
    {
        var simulator = await SimulatorServer.StartAsync();
        var temp = new TempDirectory();
        try
        {
            foreach (var tenant in fleet.Tenants)
            {
                simulator.AddTenant(tenant.TenantId, ShardFleet.ClientId, ShardFleet.ClientSecret).SetScore(tenant.Score, fleet.ComputedAt);
            }

            // The simulator's self-signed certificate is trusted the way a corporate CA would be.
            var ca = temp.File("simulator-ca.pem");
            await File.WriteAllTextAsync(ca, simulator.TlsCertificate.ExportCertificatePem());
            var settings = new Dictionary<string, string>(environment)
            {
                ["SSL_CERT_FILE"] = ca,
                ["Defender__ApiBaseUrl"] = simulator.ApiBaseUrl.ToString(),
                ["Defender__AuthorityHost"] = simulator.AuthorityHost.ToString(),
            };
            var exporter = await ExporterProcess.StartAsync(["--config", fleet.ConfigPath], settings, ReadyWithin);
            try
            {
                return new ShardRun(fleet.Tenants, simulator, exporter, await exporter.ScrapeAsync(), temp);
            }
            catch
            {
                await exporter.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await simulator.DisposeAsync();
            temp.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Exporter.DisposeAsync();
        await Simulator.DisposeAsync();
        temp.Dispose();
    }
}
