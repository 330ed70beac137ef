using ScoreExporter.Configuration;

namespace ScoreExporter.Collectors;

/// <summary>
/// One data product (an endpoint, or two read together) described whole: its names, API surface, permission, call
/// limits, schedule defaults, the series it publishes, and how bodies become samples. Everything else (instruments,
/// series bounds, the start-time rate check, --help, the landing page) is derived from this description, so adding a
/// collector is adding a subclass and its line in <see cref="CollectorCatalog"/>.
/// </summary>
public abstract class Collector
{
    /// <summary>The <c>collector</c> label and the <c>endpoint</c> of its API requests, e.g. <c>exposure_score</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The key under <c>Defender:Collectors</c>, e.g. <c>ExposureScore</c>.</summary>
    public abstract string ConfigName { get; }

    /// <summary>Which API it reads; the token audience, host and shared call limits follow from it.</summary>
    public virtual ApiSurface Surface => ApiSurface.Defender;

    /// <summary>The application permission the app registration needs, on <see cref="Surface"/>'s API.</summary>
    public abstract string Permission { get; }

    /// <summary>The endpoint's own documented limits when lower than its API's (e.g. <c>deviceavinfo</c>), else null.</summary>
    public virtual CallLimits? OwnLimits => null;

    public virtual bool EnabledByDefault => true;

    /// <summary>Null: follows <c>Defender:PollInterval</c>.</summary>
    public virtual TimeSpan? DefaultPollInterval => null;

    /// <summary>The series it publishes, each with its most series per tenant.</summary>
    public abstract IReadOnlyList<PostureSeries> Series { get; }

    /// <summary>
    /// Calls one poll can make before retries. Calls past the first are pages, which wait for room in the tenant's
    /// call windows instead of being refused; the start-time rate check counts them per hour.
    /// </summary>
    public virtual int MaxCallsPerPoll => 1;

    /// <summary>The longest a poll may take by default (the poll timeout is also at most half the interval).</summary>
    public virtual TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(1);

    /// <summary>The series one tenant publishes with <paramref name="options"/>; some are switched on by a collector option.</summary>
    public virtual IEnumerable<PostureSeries> SeriesWith(CollectorOptions? options) => Series;

    public abstract Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken);
}
