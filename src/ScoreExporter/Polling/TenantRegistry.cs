using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ScoreExporter.Auth;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Polling;

/// <summary>The tenants this replica polls (its shard of the configured ones) and their state, built once from validated options.</summary>
public sealed class TenantRegistry
{
    private readonly Dictionary<string, TenantState> byName;

    public TenantRegistry(IOptions<DefenderOptions> options, CollectorCatalog catalog, TenantCredentials credentials, TimeProvider time)
    {
        var defender = options.Value;
        var owned = defender.Tenants
            .Select((tenant, index) => ResolvedTenant.Resolve(tenant, defender, index))
            .Where(tenant => defender.OwnsTenant(tenant.Name))
            .ToArray();
        var credentialOf = credentials.For(owned);
        var ownLimits = catalog.Enabled.Where(c => c.Collector.OwnLimits is not null).ToDictionary(c => c.Name, c => c.Collector.OwnLimits!);
        Tenants = owned.Select(tenant => Create(tenant, credentialOf[tenant.Name], defender, catalog.Enabled, ownLimits, time)).ToArray();
        Collectors = Tenants.SelectMany(t => t.Collectors).ToArray();
        byName = Tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<TenantState> Tenants { get; }

    /// <summary>Every tenant's every enabled collector.</summary>
    public IReadOnlyList<CollectorState> Collectors { get; }

    public TenantState? Find(string name) => byName.GetValueOrDefault(name);

    private static TenantState Create(
        ResolvedTenant tenant, TenantCredential credential, DefenderOptions options, IReadOnlyList<EnabledCollector> collectors,
        IReadOnlyDictionary<string, CallLimits> ownLimits, TimeProvider time)
    {
        var state = new TenantState(tenant, options.EndpointsFor(tenant.ResolvedCloud), credential, new TenantCallWindows(time, ownLimits));
        state.Collectors = collectors.Select(c => new CollectorState(state, c, PhaseOf(tenant.Name + "/" + c.Name, c.Interval))).ToArray();
        return state;
    }

    // Stable across restarts, so a restart does not bunch every tenant's poll together.
    private static TimeSpan PhaseOf(string key, TimeSpan interval)
    {
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key))) / (double)uint.MaxValue;
        return interval * fraction;
    }
}
