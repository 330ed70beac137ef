using ScoreExporter.Configuration;

namespace ScoreExporter.Collectors;

/// <summary>
/// Open incidents from Graph (<c>GET /security/incidents</c>, every status but resolved, every page by
/// <c>@odata.nextLink</c>): how many per severity, status and whether assigned, and the oldest per severity. Up to
/// 10,000 open incidents a tenant (200 pages of 50, Graph's largest page here, paced within 150 calls a minute);
/// more is refused, not published partially. Off by default: it needs Graph's <c>SecurityIncident.Read.All</c>.
/// </summary>
public sealed class IncidentsCollector : Collector
{
    public static readonly ListRequest Listing = new(
        "v1.0/security/incidents", "open incidents", PageSize: 50, MaxItems: 10_000, Query: "$filter=status%20ne%20%27resolved%27");

    public static readonly PostureSeries Incidents = new(
        "defender_incidents",
        "Open incidents (every status but resolved) by severity, status and whether assigned" + PostureSeries.FromLastPoll + ".",
        ["severity", "status", "assigned"],
        MaxPerTenant: (IncidentTally.MaxEnumValues + 1) * (IncidentTally.MaxEnumValues + 1) * 2);

    public static readonly PostureSeries OldestOpen = new(
        "defender_incident_oldest_open_timestamp_seconds",
        "createdDateTime of the oldest open incident of each severity, Unix seconds" + PostureSeries.FromLastPoll + "; absent when none.",
        ["severity"],
        MaxPerTenant: IncidentTally.MaxEnumValues + 1,
        Unit: "s");

    public override string Name => "incidents";

    public override string ConfigName => "Incidents";

    public override ApiSurface Surface => ApiSurface.Graph;

    public override string Permission => "SecurityIncident.Read.All";

    public override bool EnabledByDefault => false;

    /// <summary>Room for 10,000 open incidents (201 calls a poll) within Graph's hourly share of its minute limit.</summary>
    public override TimeSpan? DefaultPollInterval => TimeSpan.FromMinutes(15);

    public override IReadOnlyList<PostureSeries> Series { get; } = [Incidents, OldestOpen];

    public override int MaxCallsPerPoll => Listing.MaxPages;

    public override TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(5);

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var tally = new IncidentTally();
        var failure = await PagedList.ReadAllAsync(api, Listing, CollectorJson.Default.Incident, tally.Add, cancellationToken).ConfigureAwait(false);
        return failure is null ? CollectResult.Success(tally.ToSamples()) : CollectResult.Failed(failure);
    }
}
