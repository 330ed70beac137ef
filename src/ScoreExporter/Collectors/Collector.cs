using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// One Defender endpoint: its names, the permission it needs, its schedule defaults, and how a body becomes samples.
/// Adding an endpoint is adding a subclass and registering it in <see cref="CollectorCatalog"/>.
/// </summary>
public abstract class Collector
{
    /// <summary>The <c>collector</c> label and the <c>endpoint</c> of its API requests, e.g. <c>exposure_score</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The key under <c>Defender:Collectors</c>, e.g. <c>ExposureScore</c>.</summary>
    public abstract string ConfigName { get; }

    /// <summary>The API path, relative to the API base URL.</summary>
    public abstract string Path { get; }

    /// <summary>The application permission (WindowsDefenderATP) the app registration needs.</summary>
    public abstract string Permission { get; }

    public virtual bool EnabledByDefault => true;

    /// <summary>Null: follows <c>Defender:PollInterval</c>.</summary>
    public virtual TimeSpan? DefaultPollInterval => null;

    /// <summary>Calls one poll can make before retries (pages); the start-time rate check multiplies by it.</summary>
    public virtual int MaxCallsPerPoll => 1;

    /// <summary>The longest a poll may take by default (the poll timeout is also at most half the interval).</summary>
    public virtual TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(1);

    public abstract Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken);
}
