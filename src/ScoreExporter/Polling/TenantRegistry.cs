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
    public const string TokenClientName = "entra";

    private readonly Dictionary<string, TenantState> byName;

    public TenantRegistry(IOptions<DefenderOptions> options, CollectorCatalog catalog, IHttpMessageHandlerFactory handlerFactory, TimeProvider time)
    {
        var defender = options.Value;
        Tenants = defender.Tenants
            .Select((tenant, index) => ResolvedTenant.Resolve(tenant, defender, index))
            .Where(tenant => defender.OwnsTenant(tenant.Name))
            .Select(tenant => Create(tenant, defender, catalog.Enabled, handlerFactory, time))
            .ToArray();
        Collectors = Tenants.SelectMany(t => t.Collectors).ToArray();
        byName = Tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<TenantState> Tenants { get; }

    /// <summary>Every tenant's every enabled collector.</summary>
    public IReadOnlyList<CollectorState> Collectors { get; }

    public TenantState? Find(string name) => byName.GetValueOrDefault(name);

    private static TenantState Create(
        ResolvedTenant tenant, DefenderOptions options, IReadOnlyList<EnabledCollector> collectors, IHttpMessageHandlerFactory handlerFactory, TimeProvider time)
    {
        TenantState? state = null;
        var credential = new TenantCredential(tenant, () =>
        {
            // Token requests are counted per tenant, so each credential gets a client that knows its tenant.
            var counting = RequestCountingHandler.ForToken(() => state);
            counting.InnerHandler = handlerFactory.CreateHandler(TokenClientName);
            return CredentialFactory.Create(tenant, options, new HttpClient(counting) { Timeout = Timeout.InfiniteTimeSpan });
        });
        state = new TenantState(tenant, options.Cloud, credential, new TenantCallWindow(time));
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
