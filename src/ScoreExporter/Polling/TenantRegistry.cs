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
    private readonly Dictionary<string, TenantState> byTenantId;

    public TenantRegistry(IOptions<DefenderOptions> options, CollectorCatalog catalog, IHttpMessageHandlerFactory handlerFactory, TimeProvider time)
    {
        var defender = options.Value;
        var owned = defender.Tenants
            .Select((tenant, index) => ResolvedTenant.Resolve(tenant, defender, index))
            .Where(tenant => defender.OwnsTenant(tenant.Name))
            .ToArray();
        byName = new Dictionary<string, TenantState>(owned.Length, StringComparer.Ordinal);
        byTenantId = new Dictionary<string, TenantState>(owned.Length, StringComparer.OrdinalIgnoreCase);
        var shared = SharedSources(owned, defender, handlerFactory);
        Tenants = owned.Select(tenant => Create(tenant, shared.GetValueOrDefault(tenant.Name), defender, catalog.Enabled, handlerFactory, time)).ToArray();
        Collectors = Tenants.SelectMany(t => t.Collectors).ToArray();
        foreach (var tenant in Tenants)
        {
            byName.Add(tenant.Name, tenant);
            byTenantId.TryAdd(tenant.Tenant.TenantId, tenant);
        }
    }

    public IReadOnlyList<TenantState> Tenants { get; }

    /// <summary>Every tenant's every enabled collector.</summary>
    public IReadOnlyList<CollectorState> Collectors { get; }

    public TenantState? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>
    /// One credential per app registration that more than one tenant signs in with (same client id and secret or
    /// certificate): one MSAL client instead of one per tenant, still one token per tenant.
    /// </summary>
    private Dictionary<string, CredentialSource> SharedSources(ResolvedTenant[] tenants, DefenderOptions options, IHttpMessageHandlerFactory handlerFactory)
    {
        var sources = new Dictionary<string, CredentialSource>(StringComparer.Ordinal);
        foreach (var app in tenants.Where(t => AppRegistration.Of(t) is not null).GroupBy(t => AppRegistration.Of(t)!))
        {
            var first = app.First();
            if (app.Skip(1).Any())
            {
                var source = new CredentialSource(first, () => CredentialFactory.Create(first, options, TokenClient(handlerFactory, SharedTokenCounter), anyTenant: true), servesManyTenants: true);
                foreach (var tenant in app)
                {
                    sources.Add(tenant.Name, source);
                }
            }
        }

        return sources;
    }

    private TenantState Create(
        ResolvedTenant tenant, CredentialSource? shared, DefenderOptions options, IReadOnlyList<EnabledCollector> collectors, IHttpMessageHandlerFactory handlerFactory, TimeProvider time)
    {
        TenantState? state = null;

        // Token requests are counted per tenant, so a tenant's own credential gets a client that knows its tenant.
        CredentialSource Own() => new(tenant, () => CredentialFactory.Create(tenant, options, TokenClient(handlerFactory, _ => state)), servesManyTenants: false);
        var credential = new TenantCredential(tenant, shared ?? Own(), Own);
        var ownLimits = collectors.Where(c => c.Collector.OwnLimits is not null).ToDictionary(c => c.Name, c => c.Collector.OwnLimits!);
        state = new TenantState(tenant, options.EndpointsFor(tenant.ResolvedCloud), credential, new TenantCallWindows(time, ownLimits));
        state.Collectors = collectors.Select(c => new CollectorState(state, c, PhaseOf(tenant.Name + "/" + c.Name, c.Interval))).ToArray();
        return state;
    }

    private static HttpClient TokenClient(IHttpMessageHandlerFactory handlerFactory, Func<HttpRequestMessage, IApiRequestCounter?> counter)
    {
        var counting = RequestCountingHandler.ForToken(counter);
        counting.InnerHandler = handlerFactory.CreateHandler(TokenClientName);
        return new HttpClient(counting) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// A shared credential's token request counts for the tenant its path names (/{tenant}/oauth2/v2.0/token); any
    /// other request it makes (metadata) counts for the tenant whose token was being asked for.
    /// </summary>
    private TenantState? SharedTokenCounter(HttpRequestMessage request)
    {
        var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var oauth = Array.IndexOf(segments, "oauth2");
        if (oauth > 0 && byTenantId.TryGetValue(segments[oauth - 1], out var named))
        {
            return named;
        }

        return TenantCredential.Requesting.Value is { } name ? byName.GetValueOrDefault(name) : null;
    }

    // Stable across restarts, so a restart does not bunch every tenant's poll together.
    private static TimeSpan PhaseOf(string key, TimeSpan interval)
    {
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key))) / (double)uint.MaxValue;
        return interval * fraction;
    }
}
