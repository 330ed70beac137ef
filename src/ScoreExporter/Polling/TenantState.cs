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

    public TenantState(ResolvedTenant tenant, CloudEndpoints endpoints, TenantCredential credential, TenantCallWindows callWindows)
    {
        Tenant = tenant;
        Credential = credential;
        Caller = new DefenderCaller(tenant.Name, credential, endpoints, callWindows, this);
        Cloud = endpoints.Cloud;
    }

    public ResolvedTenant Tenant { get; }

    public string Name => Tenant.Name;

    /// <summary>The cloud it signs in to and calls.</summary>
    public DefenderCloud Cloud { get; }

    public TenantCredential Credential { get; }

    public DefenderCaller Caller { get; }

    public IReadOnlyList<CollectorState> Collectors { get; internal set; } = [];

    public CollectorState? Collector(string name) => Collectors.FirstOrDefault(c => c.Name == name);

    public void CountRequest(string endpoint, string code) =>
        requests.GetOrAdd((endpoint, code), static key => new RequestCounter(key.Endpoint, key.Code)).Increment();

    public long Requests(string endpoint, string code) =>
        requests.TryGetValue((endpoint, code), out var counter) ? counter.Count : 0;

    internal ICollection<RequestCounter> RequestCounters => requests.Values;

    /// <summary>The requests of one endpoint that ended with one status code.</summary>
    internal sealed class RequestCounter(string endpoint, string code)
    {
        private long count;

        public string Endpoint { get; } = endpoint;

        public string Code { get; } = code;

        public long Count => Interlocked.Read(ref count);

        public void Increment() => Interlocked.Increment(ref count);
    }
}
