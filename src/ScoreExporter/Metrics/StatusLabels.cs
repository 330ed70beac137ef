using System.Collections.Concurrent;
using ScoreExporter.Defender;
using ScoreExporter.Polling;

namespace ScoreExporter.Metrics;

/// <summary>
/// The status series' label names, spelled once, and their tag arrays, each built once per series: metric callbacks
/// run on every scrape for every tenant and collector, so they only look arrays up.
/// </summary>
internal sealed class StatusLabels
{
    public const string Tenant = "tenant";
    public const string TenantId = "tenant_id";
    public const string Cloud = "cloud";
    public const string Collector = "collector";
    public const string Reason = "reason";
    public const string Endpoint = "endpoint";
    public const string Code = "code";

    private readonly Dictionary<TenantState, KeyValuePair<string, object?>[]> tenants = [];
    private readonly Dictionary<TenantState, KeyValuePair<string, object?>[]> infos = [];
    private readonly Dictionary<CollectorState, KeyValuePair<string, object?>[]> collectors = [];
    private readonly Dictionary<CollectorState, KeyValuePair<string, object?>[][]> errors = [];

    // Request series appear as codes are first seen; each gets its array on its first scrape.
    private readonly ConcurrentDictionary<TenantState.RequestCounter, KeyValuePair<string, object?>[]> requests = new();

    public StatusLabels(TenantRegistry registry)
    {
        foreach (var tenant in registry.Tenants)
        {
            KeyValuePair<string, object?> tenantTag = new(Tenant, tenant.Name);
            tenants.Add(tenant, [tenantTag]);
            infos.Add(tenant, [tenantTag, new(TenantId, tenant.Tenant.TenantId), new(Cloud, tenant.Cloud.ToString())]);
            foreach (var collector in tenant.Collectors)
            {
                KeyValuePair<string, object?> collectorTag = new(Collector, collector.Name);
                collectors.Add(collector, [tenantTag, collectorTag]);
                errors.Add(collector, FailureReasons.All.Select(r => new KeyValuePair<string, object?>[] { tenantTag, collectorTag, new(Reason, r.Label()) }).ToArray());
            }
        }
    }

    /// <summary>Just the tenant: its label-less posture series.</summary>
    public KeyValuePair<string, object?>[] Of(TenantState tenant) => tenants[tenant];

    public KeyValuePair<string, object?>[] InfoOf(TenantState tenant) => infos[tenant];

    public KeyValuePair<string, object?>[] Of(CollectorState collector) => collectors[collector];

    public KeyValuePair<string, object?>[] ErrorsOf(CollectorState collector, FailureReason reason) => errors[collector][(int)reason];

    public KeyValuePair<string, object?>[] RequestsOf(TenantState tenant, TenantState.RequestCounter counter) =>
        requests.GetOrAdd(counter, static (c, tenantTag) => [tenantTag, new(Endpoint, c.Endpoint), new(Code, c.Code)], tenants[tenant][0]);
}
