using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ScoreExporter.Auth;
using ScoreExporter.Configuration;

namespace ScoreExporter.Polling;

/// <summary>The configured tenants and their state, built once from validated options.</summary>
public sealed class TenantRegistry
{
    public const string TokenClientName = "entra";

    private readonly Dictionary<string, TenantState> byName;

    public TenantRegistry(IOptions<DefenderOptions> options, IHttpMessageHandlerFactory handlerFactory)
    {
        var defender = options.Value;
        Tenants = defender.Tenants
            .Select((tenant, index) => ResolvedTenant.Resolve(tenant, defender, index))
            .Select(tenant => Create(tenant, defender, handlerFactory))
            .ToArray();
        byName = Tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<TenantState> Tenants { get; }

    public TenantState? Find(string name) => byName.GetValueOrDefault(name);

    private static TenantState Create(ResolvedTenant tenant, DefenderOptions options, IHttpMessageHandlerFactory handlerFactory)
    {
        TenantState? state = null;
        var credential = new TenantCredential(tenant, () =>
        {
            // Token requests are counted per tenant, so each credential gets a client that knows its tenant.
            var counting = new RequestCountingHandler(_ => state, RequestCountingHandler.TokenEndpoint)
            {
                InnerHandler = handlerFactory.CreateHandler(TokenClientName),
            };
            return CredentialFactory.Create(tenant, options, new HttpClient(counting) { Timeout = Timeout.InfiniteTimeSpan });
        });
        state = new TenantState(tenant, options.Cloud, credential, PhaseOf(tenant.Name, options.PollInterval));
        return state;
    }

    // Stable across restarts, so a restart does not bunch every tenant's poll together.
    private static TimeSpan PhaseOf(string name, TimeSpan interval)
    {
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name))) / (double)uint.MaxValue;
        return interval * fraction;
    }
}
