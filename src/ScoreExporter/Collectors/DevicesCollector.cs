using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// <c>GET /api/machines</c>, every page through <c>@odata.nextLink</c>, streamed: the number of devices per group,
/// platform, health, onboarding status, risk and exposure. Off by default: it needs <c>Machine.Read.All</c>, and a
/// listing is many megabytes, so it runs every 30 minutes. A 404 is the API's way of saying "no recent machines".
/// </summary>
public sealed class DevicesCollector : Collector
{
    /// <summary>The API's largest page.</summary>
    public const int PageSize = 10_000;

    /// <summary>Up to 80,000 devices a tenant; also what keeps the worst case of a poll inside the API's limits.</summary>
    public const int MaxPages = 8;

    public override string Name => "devices";

    public override string ConfigName => "Devices";

    public override string Path => "api/machines";

    public override string Permission => "Machine.Read.All";

    public override bool EnabledByDefault => false;

    public override TimeSpan? DefaultPollInterval => TimeSpan.FromMinutes(30);

    public override int MaxCallsPerPoll => MaxPages;

    public override TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(5);

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var tally = new DeviceTally();
        var url = api.UrlOf($"{Path}?$top={PageSize}");
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await api.GetAsync(url, MachinePageReader.Into(tally), cancellationToken, notFoundIsEmpty: page == 1).ConfigureAwait(false);
            if (response.Failure is { } failure)
            {
                return CollectResult.Failed(failure);
            }

            if (response.NotFound || response.Value is not { } next)
            {
                return CollectResult.Success(tally.ToSamples());
            }

            if (!Uri.TryCreate(next, UriKind.Absolute, out var nextUrl))
            {
                return CollectResult.Failed(FailureReason.InvalidResponse, "@odata.nextLink is not an absolute URL");
            }

            url = nextUrl;
        }

        return CollectResult.Failed(FailureReason.InvalidResponse, $"more than {MaxPages} pages of {PageSize} machines; not published partially");
    }
}
