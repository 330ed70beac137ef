using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /api/deviceavinfo</c>: antivirus health per device by <c>$top</c> (at most 10,000) and <c>$skip</c>, with no
/// nextLink when <c>$top</c> is sent. Without <c>$top</c> a page holds 20 rows (the documented default) with a nextLink
/// (<c>$skip</c>) that stops short of the 10,000th row, as users report it missing past 10,000.
/// </summary>
internal sealed class DeviceAvInfoEndpoint(SimulatorServer server, TokenEndpoint tokens)
    : DefenderListEndpoint(server, tokens, DefenderEndpoint.DeviceAvInfo)
{
    public const int DefaultRows = 20;

    protected override string ODataContext => "https://api.securitycenter.microsoft.com/api/$metadata#DeviceAvInfo";

    protected override int DefaultPageSize => DefaultRows;

    protected override int Count(SimulatedTenant tenant) => tenant.Antivirus.Count ?? tenant.Machines.Count;

    protected override int PageSize(SimulatedTenant tenant) => tenant.Antivirus.PageSize;

    protected override Action<Utf8JsonWriter, int, ApiFault?> Rows(SimulatedTenant tenant)
    {
        var writer = new AntivirusWriter(tenant, Server.Options.TimeProvider.GetUtcNow());
        return (json, index, hostile) => writer.Write(json, index, hostile is null ? null : HostileMachine.Make(index, hostile.StringLength));
    }

    protected override string? NextQueryWithoutTop(SimulatedTenant tenant, DefenderPageRequest page, int end) =>
        end < Math.Min(Count(tenant), DefenderPageRequest.MaxTop) ? string.Create(CultureInfo.InvariantCulture, $"?$skip={end}") : null;
}
