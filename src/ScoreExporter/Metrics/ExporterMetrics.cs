using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;
using ScoreExporter.Polling;

namespace ScoreExporter.Metrics;

/// <summary>
/// The contract's instruments: the status ones, every name and label spelled here, and one gauge per series each
/// enabled collector declares. All are observed on each scrape from one <see cref="ScrapeView"/> of the snapshots and
/// from counters, so /metrics reads only memory.
/// </summary>
public sealed class ExporterMetrics : IDisposable
{
    public const string MeterName = "ScoreExporter";

    private readonly ScrapeView view;

    public ExporterMetrics(IMeterFactory meterFactory, TenantRegistry registry, CollectorCatalog catalog, IOptions<DefenderOptions> options, TimeProvider time)
    {
        var meter = meterFactory.Create(MeterName);
        var view = this.view = new ScrapeView(registry);
        var labels = new StatusLabels(registry);
        var tenants = registry.Tenants;
        var defender = options.Value;

        // Created first, so observed first: it takes the scrape's one read of the snapshots (see ScrapeView).
        var build = BuildInfo.Current;
        meter.CreateObservableGauge(
            "defender_exporter_build_info",
            () =>
            {
                view.Refresh();
                return new Measurement<int>(1, new("version", build.Version), new("revision", build.Revision));
            },
            description: "Build of the exporter.");

        foreach (var collector in catalog.Enabled)
        {
            foreach (var series in collector.Series)
            {
                meter.CreateObservableGauge(series.Name, () => Observe(view, labels, collector.Collector, series, time.GetUtcNow()), series.Unit, series.Help);
            }
        }

        meter.CreateObservableGauge(
            "defender_up",
            () => view.Entries.Select(e => new Measurement<int>(e.Snapshot.Up ? 1 : 0, labels.Of(e.State))),
            description: "1 if the collector's last poll of the tenant succeeded, else 0.");
        meter.CreateObservableGauge(
            "defender_scrape_last_success_timestamp_seconds",
            () => view.Entries.Where(e => e.Snapshot.LastSuccess is not null)
                .Select(e => new Measurement<double>(e.Snapshot.LastSuccess!.Value.ToUnixTimeMilliseconds() / 1000.0, labels.Of(e.State))),
            unit: "s",
            description: "When the exporter last fetched the collector's data successfully, Unix seconds.");
        meter.CreateObservableGauge(
            "defender_scrape_duration_seconds",
            () => view.Entries.Where(e => e.Snapshot.LastDurationSeconds is not null)
                .Select(e => new Measurement<double>(e.Snapshot.LastDurationSeconds!.Value, labels.Of(e.State))),
            unit: "s",
            description: "Duration of the collector's last poll, retries and pages included.");
        meter.CreateObservableGauge(
            "defender_tenant_info",
            () => tenants.Select(t => new Measurement<int>(1, labels.InfoOf(t))),
            description: "Configured tenant, for joins: tenant id and cloud.");
        meter.CreateObservableGauge(
            "defender_exporter_shard_info",
            () => new Measurement<int>(1, new("shard", (defender.Shard ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("total_shards", defender.TotalShards.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            description: "Which part of the configured tenants this replica polls.");

        meter.CreateObservableCounter(
            "defender_scrapes_total",
            () => registry.Collectors.Select(c => new Measurement<long>(c.Polls, labels.Of(c))),
            description: "Polls of the Defender API per tenant and collector.");
        meter.CreateObservableCounter(
            "defender_scrape_errors_total",
            () => registry.Collectors.SelectMany(c => FailureReasons.All.Select(r => new Measurement<long>(c.Errors(r), labels.ErrorsOf(c, r)))),
            description: "Failed polls per tenant, collector and reason (auth, unauthorized, forbidden, throttled, client_error, "
                + "server_error, timeout, network, invalid_response).");
        // Created last, so observed last: the collection is done with the view.
        meter.CreateObservableCounter(
            "defender_api_requests_total",
            () =>
            {
                view.Release();
                return tenants.SelectMany(t => t.RequestCounters.Select(c => new Measurement<long>(c.Count, labels.RequestsOf(t, c))));
            },
            description: "HTTP attempts, retries and pages included, to the Defender API (endpoint = the collector) and the "
                + "token endpoint (endpoint=token), by status code, other, or none.");
    }

    public void Dispose() => view.Dispose();

    /// <summary>
    /// Series an instrument can produce, so the SDK's cardinality limit never drops one nor merges it into the overflow
    /// series: a posture series' bound is what its collector declares per tenant.
    /// </summary>
    public static int MaxSeries(string instrument, int tenants, IReadOnlyCollection<EnabledCollector> collectors)
    {
        const int Slack = 64;
        var perTenant = instrument switch
        {
            "defender_scrape_errors_total" => collectors.Count * FailureReasons.All.Count,
            "defender_api_requests_total" => (collectors.Count + 1) * StatusCodeLabels.All.Count,
            _ => collectors.SelectMany(c => c.Series).FirstOrDefault(s => s.Name == instrument)?.MaxPerTenant ?? Math.Max(1, collectors.Count),
        };
        return (tenants * perTenant) + Slack;
    }

    private static IEnumerable<Measurement<double>> Observe(ScrapeView view, StatusLabels labels, Collector owner, PostureSeries series, DateTimeOffset now)
    {
        foreach (var (state, snapshot) in view.Entries)
        {
            if (!ReferenceEquals(state.Collector.Collector, owner)
                || (!series.KeptWhenStale && !(snapshot.LastSuccess >= now - state.Collector.StaleAfter)))
            {
                continue;
            }

            foreach (var sample in snapshot.Samples)
            {
                if (ReferenceEquals(sample.Series, series))
                {
                    yield return new Measurement<double>(sample.Value, Tags(labels.Of(state.Tenant), series, sample));
                }
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(KeyValuePair<string, object?>[] tenant, PostureSeries series, Sample sample)
    {
        if (series.Labels.Length == 0)
        {
            return tenant;
        }

        var tags = new KeyValuePair<string, object?>[series.Labels.Length + 1];
        tags[0] = tenant[0];
        for (var i = 0; i < series.Labels.Length; i++)
        {
            tags[i + 1] = new(series.Labels[i], sample.Labels[i]);
        }

        return tags;
    }
}
