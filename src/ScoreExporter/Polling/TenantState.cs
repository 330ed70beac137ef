using System.Collections.Concurrent;
using ScoreExporter.Auth;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Polling;

/// <summary>
/// Everything the exporter keeps for one tenant: its credential and call window (shared by its collectors), its
/// collectors' states, and its request counters.
/// </summary>
public sealed class TenantState : IApiRequestCounter
{
    private readonly ConcurrentDictionary<(string Endpoint, string Code), RequestCounter> requests = new();
    private readonly KeyValuePair<string, object?> tenantTag;

    public TenantState(ResolvedTenant tenant, CloudEndpoints endpoints, TenantCredential credential, TenantCallWindows callWindows)
    {
        Tenant = tenant;
        Credential = credential;
        Caller = new DefenderCaller(tenant.Name, credential, endpoints, callWindows, this);
        tenantTag = new KeyValuePair<string, object?>("tenant", tenant.Name);
        Tags = [tenantTag];
        InfoTags = [tenantTag, new("tenant_id", tenant.TenantId), new("cloud", endpoints.Cloud.ToString())];
    }

    public ResolvedTenant Tenant { get; }

    public string Name => Tenant.Name;

    public TenantCredential Credential { get; }

    public DefenderCaller Caller { get; }

    public IReadOnlyList<CollectorState> Collectors { get; internal set; } = [];

    // Tag arrays are built once: metric callbacks run on every scrape for every tenant.
    internal KeyValuePair<string, object?>[] Tags { get; }

    internal KeyValuePair<string, object?>[] InfoTags { get; }

    public CollectorState? Collector(string name) => Collectors.FirstOrDefault(c => c.Name == name);

    public void CountRequest(string endpoint, string code) =>
        requests.GetOrAdd((endpoint, code), static (key, tag) => new RequestCounter(tag, key.Endpoint, key.Code), tenantTag).Increment();

    public long Requests(string endpoint, string code) =>
        requests.TryGetValue((endpoint, code), out var counter) ? counter.Count : 0;

    internal ICollection<RequestCounter> RequestCounters => requests.Values;

    /// <summary>One <c>defender_api_requests_total</c> series, with its tags built once.</summary>
    internal sealed class RequestCounter(KeyValuePair<string, object?> tenant, string endpoint, string code)
    {
        private long count;

        public KeyValuePair<string, object?>[] Tags { get; } = [tenant, new("endpoint", endpoint), new("code", code)];

        public long Count => Interlocked.Read(ref count);

        public void Increment() => Interlocked.Increment(ref count);
    }
}
