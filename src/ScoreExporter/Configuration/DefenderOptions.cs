using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace ScoreExporter.Configuration;

/// <summary>The <c>Defender</c> configuration section: which tenants to poll, where and how often.</summary>
public sealed class DefenderOptions : CredentialSettings
{
    public const string SectionName = "Defender";

    // Only the [OptionsValidator] generator reads these TimeSpan ranges, at compile time, and it validates with its
    // own trim-safe copy of RangeAttribute: nothing reflects on them at run time, so trimming and AOT are safe.
    private const string TrimSafeRange = "Read at compile time by the options validator generator, never reflected on.";

    public DefenderCloud Cloud { get; set; } = DefenderCloud.Commercial;

    /// <summary>Overrides the cloud's Defender API host, e.g. a regional host.</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>Overrides the cloud's Microsoft Graph host.</summary>
    public Uri? GraphBaseUrl { get; set; }

    /// <summary>Overrides the cloud's sign-in host; turns instance discovery off.</summary>
    public Uri? AuthorityHost { get; set; }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimSafeRange)]
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the last score is published without a success; default 3 x <see cref="PollInterval"/>.</summary>
    public TimeSpan? StaleAfter { get; set; }

    /// <summary>Upper bound of one poll, retries included; default half the interval, at most one minute.</summary>
    public TimeSpan? PollTimeout { get; set; }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimSafeRange)]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>How many tenants are polled at the same time.</summary>
    [Range(1, 256)]
    public int MaxConcurrentPolls { get; set; } = 8;

    /// <summary>Per collector, keyed by its configuration name (e.g. <c>Devices</c>).</summary>
    public Dictionary<string, CollectorOptions> Collectors { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many replicas split the tenants between them.</summary>
    [Range(1, 1000)]
    public int TotalShards { get; set; } = 1;

    /// <summary>This replica's part, 0-based; unset with several shards: the ordinal that ends the host name.</summary>
    public int? Shard { get; set; }

    /// <summary>The host name the shard was read from, for the error when it carries no ordinal.</summary>
    public string? HostName { get; internal set; }

    /// <summary>Whether this replica polls <paramref name="tenantName"/>.</summary>
    public bool OwnsTenant(string tenantName) =>
        TotalShards <= 1 || ShardAssignment.ShardOf(tenantName, TotalShards) == (Shard ?? 0);

    public List<TenantOptions> Tenants { get; set; } = [];

    /// <summary>How long a collector's last values are published without a success; default 3 x its interval.</summary>
    public TimeSpan StaleAfterFor(TimeSpan interval) => StaleAfter is { } stale && stale > interval ? stale : interval * 3;

    /// <summary>Upper bound of one poll, retries and pages included; default half the interval, at most <paramref name="cap"/>.</summary>
    public TimeSpan PollTimeoutFor(TimeSpan interval, TimeSpan cap) =>
        PollTimeout ?? TimeSpan.FromTicks(Math.Min(interval.Ticks / 2, cap.Ticks));

    /// <summary>The hosts and scopes of <paramref name="cloud"/>, with this configuration's overrides applied.</summary>
    public CloudEndpoints EndpointsFor(DefenderCloud cloud)
    {
        var endpoints = CloudEndpoints.For(cloud);
        return endpoints with
        {
            AuthorityHost = AuthorityHost ?? endpoints.AuthorityHost,
            Defender = endpoints.Defender with { BaseUrl = ApiBaseUrl ?? endpoints.Defender.BaseUrl },
            Graph = endpoints.Graph with { BaseUrl = GraphBaseUrl ?? endpoints.Graph.BaseUrl },
        };
    }
}
