using DefenderSimulator;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Pipeline;

/// <summary>A fault of the exporter's own fails the poll and keeps the samples, without blaming the API under any reason.</summary>
public sealed class ExporterFaultTests
{
    [Fact]
    public async Task A_collector_that_throws_fails_its_poll_counts_no_reason_and_keeps_the_previous_samples()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(612, DateTimeOffset.UtcNow.AddMinutes(-5));
        var faulty = new FaultyScoreCollector();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time, services: services =>
            services.AddSingleton(provider => new CollectorCatalog(
                provider.GetRequiredService<IOptions<DefenderOptions>>(),
                [faulty, .. CollectorCatalog.All.Where(c => c is not ConfigurationScoreCollector)])));
        Assert.True(exporter.Score("contoso").Snapshot.Up, exporter.Score("contoso").Snapshot.LastFailureDetail);

        faulty.Throw = true;
        await exporter.PollOnceAsync("contoso");

        var metrics = await exporter.ScrapeAsync();
        var score = ("collector", TestExporter.ConfigurationScore);
        Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso"), score));
        Assert.Equal(612, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(2, metrics.Value("defender_scrapes_total", ("tenant", "contoso"), score));
        var errors = metrics.All("defender_scrape_errors_total", ("tenant", "contoso"), score).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, s => Assert.Equal(0, s.Value));
        var page = await exporter.Http.GetStringAsync("/");
        Assert.Contains("exporter error: InvalidOperationException", page, StringComparison.Ordinal);
        var crashes = exporter.Logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal)).ToArray();
        Assert.Single(crashes);
        Assert.Contains("System.InvalidOperationException: a collector bug", crashes[0], StringComparison.Ordinal);

        faulty.Throw = false;
        await exporter.PollOnceAsync("contoso");

        Assert.Equal(1, (await exporter.ScrapeAsync()).Value("defender_up", ("tenant", "contoso"), score));
    }

    /// <summary>The Secure Score collector, with a bug that can be switched on.</summary>
    private sealed class FaultyScoreCollector : Collector
    {
        private readonly ConfigurationScoreCollector real = new();
        private volatile bool fail;

        public bool Throw
        {
            get => fail;
            set => fail = value;
        }

        public override string Name => real.Name;

        public override string ConfigName => real.ConfigName;

        public override string Permission => real.Permission;

        public override IReadOnlyList<PostureSeries> Series => real.Series;

        public override Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken) =>
            Throw ? throw new InvalidOperationException("a collector bug") : real.CollectAsync(api, cancellationToken);
    }
}
