using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /api/recommendations</c>: the tenant's security recommendations by <c>$top</c> (at most 10,000) and
/// <c>$skip</c>, never with a nextLink; without <c>$top</c> a page of up to 10,000 (the endpoint's page size).
/// </summary>
internal sealed class RecommendationsEndpoint(SimulatorServer server, TokenEndpoint tokens)
    : DefenderListEndpoint(server, tokens, DefenderEndpoint.Recommendations)
{
    protected override string ODataContext => "https://api.securitycenter.microsoft.com/api/$metadata#Recommendations";

    protected override int DefaultPageSize => DefenderPageRequest.MaxTop;

    protected override int Count(SimulatedTenant tenant) => tenant.Recommendations.Count;

    protected override int PageSize(SimulatedTenant tenant) => tenant.Recommendations.PageSize;

    protected override Action<Utf8JsonWriter, int, ApiFault?> Rows(SimulatedTenant tenant)
    {
        var seed = tenant.Recommendations.Seed;
        return (json, index, hostile) => RecommendationWriter.Write(json, seed, index, hostile is null ? null : HostileRecommendation.Make(index, hostile.StringLength));
    }

    protected override string? NextQueryWithoutTop(SimulatedTenant tenant, DefenderPageRequest page, int end) => null;
}
