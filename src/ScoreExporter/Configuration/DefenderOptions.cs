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

    /// <summary>Overrides the cloud's API host, e.g. a regional host.</summary>
    public Uri? ApiBaseUrl { get; set; }

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

    public List<TenantOptions> Tenants { get; set; } = [];

    public TimeSpan EffectiveStaleAfter => StaleAfter ?? PollInterval * 3;

    public TimeSpan EffectivePollTimeout =>
        PollTimeout ?? TimeSpan.FromTicks(Math.Min(PollInterval.Ticks / 2, TimeSpan.FromMinutes(1).Ticks));

    public CloudEndpoints Endpoints
    {
        get
        {
            var cloud = CloudEndpoints.For(Cloud);
            return cloud with
            {
                ApiBaseUrl = ApiBaseUrl ?? cloud.ApiBaseUrl,
                AuthorityHost = AuthorityHost ?? cloud.AuthorityHost,
            };
        }
    }
}
