using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using ScoreExporter.Api;
using ScoreExporter.Configuration;
using ScoreExporter.Polling;

namespace ScoreExporter.Metrics;

/// <summary>
/// The contract's instruments. Gauges and counters are observed from the tenants' snapshots and counters on each
/// scrape, so /metrics reads only memory; only the poll duration histogram is recorded as polls happen.
/// </summary>
public sealed class ExporterMetrics
{
    public const string MeterName = "ScoreExporter";

    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Histogram<double> pollDuration;

    public ExporterMetrics(IMeterFactory meterFactory, TenantRegistry registry, IOptions<DefenderOptions> options, TimeProvider time)
    {
        var meter = meterFactory.Create(MeterName);
        var tenants = registry.Tenants;
        var staleAfter = options.Value.EffectiveStaleAfter;
        const string FromLastPoll = " (as of the last poll)";

        meter.CreateObservableGauge(
            "defender_device_secure_score",
            () => Fresh(tenants, time.GetUtcNow() - staleAfter),
            description: "Microsoft Secure Score for Devices" + FromLastPoll + "; absent until the first success and when stale.");
        meter.CreateObservableGauge(
            "defender_device_secure_score_updated_timestamp_seconds",
            () => Observe(tenants, t => t.Snapshot.ScoreTime is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : null),
            unit: "s",
            description: "When Defender computed the published score, Unix seconds" + FromLastPoll + ".");
        meter.CreateObservableGauge(
            "defender_scrape_last_success_timestamp_seconds",
            () => Observe(tenants, t => t.Snapshot.LastSuccess is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : null),
            unit: "s",
            description: "When the exporter last fetched the score successfully, Unix seconds.");
        meter.CreateObservableGauge(
            "defender_up",
            () => Observe(tenants, t => t.Snapshot.Up ? 1 : 0),
            description: "1 if the last poll of the tenant succeeded, else 0.");
        meter.CreateObservableGauge(
            "defender_tenant_info",
            () => tenants.Select(t => new Measurement<int>(1, t.InfoTags)),
            description: "Configured tenant, for joins: tenant id and cloud.");
        var build = BuildInfo.Current;
        meter.CreateObservableGauge(
            "defender_exporter_build_info",
            () => new Measurement<int>(1, new("version", build.Version), new("revision", build.Revision)),
            description: "Build of the exporter.");

        meter.CreateObservableCounter(
            "defender_scrapes_total",
            () => tenants.Select(t => new Measurement<long>(t.Polls, t.Tags)),
            description: "Polls of the Defender API per tenant.");
        meter.CreateObservableCounter(
            "defender_scrape_errors_total",
            () => tenants.SelectMany(t => FailureReasons.All.Select(r => new Measurement<long>(t.Errors(r), t.ErrorTags[(int)r]))),
            description: "Failed polls per tenant and reason (auth, unauthorized, forbidden, throttled, client_error, server_error, timeout, network, invalid_response).");
        meter.CreateObservableCounter(
            "defender_api_requests_total",
            () => tenants.SelectMany(t => t.RequestCounters.Select(c => new Measurement<long>(c.Count, c.Tags))),
            description: "HTTP attempts, retries included, to the Defender API (endpoint=api) and the token endpoint (endpoint=token), by status code or none.");

        pollDuration = meter.CreateHistogram(
            "defender_scrape_duration_seconds",
            unit: "s",
            description: "Duration of a poll of the Defender API, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Series an instrument can produce, so the SDK's cardinality limit never drops one.</summary>
    public static int MaxSeries(string instrument, int tenants) => instrument switch
    {
        "defender_scrape_errors_total" => (tenants * FailureReasons.All.Count) + 64,
        "defender_api_requests_total" => (tenants * 16) + 64, // status codes seen per tenant, both endpoints
        _ => tenants + 64,
    };

    public void RecordPollDuration(TenantState tenant, double seconds) => pollDuration.Record(seconds, tenant.Tags);

    private static IEnumerable<Measurement<double>> Fresh(IReadOnlyList<TenantState> tenants, DateTimeOffset oldestFresh)
    {
        foreach (var tenant in tenants)
        {
            var snapshot = tenant.Snapshot;
            if (snapshot.Score is { } score && snapshot.LastSuccess >= oldestFresh)
            {
                yield return new Measurement<double>(score, tenant.Tags);
            }
        }
    }

    private static IEnumerable<Measurement<double>> Observe(IReadOnlyList<TenantState> tenants, Func<TenantState, double?> read)
    {
        foreach (var tenant in tenants)
        {
            if (read(tenant) is { } value)
            {
                yield return new Measurement<double>(value, tenant.Tags);
            }
        }
    }
}
