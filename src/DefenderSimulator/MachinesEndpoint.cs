using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /api/machines</c>: the tenant's machines, a page at a time, streamed as they are generated, paged as the
/// real API pages them: with <c>$top</c> (at most 10,000) and <c>$skip</c> no <c>@odata.nextLink</c> ever comes back;
/// without <c>$top</c> a page holds the page size (10,000) and, when the tenant has more machines, a nextLink that does
/// not advance: always <c>$skip=</c> the page size, as users report it repeating. A tenant with no machines answers 404
/// (as documented) or an empty page, as its <see cref="MachineInventory"/> says.
/// </summary>
internal sealed class MachinesEndpoint(SimulatorServer server, TokenEndpoint tokens)
    : ApiEndpoint(server, tokens, DefenderEndpoint.Machines)
{
    public const string ODataContext = "https://api.securitycenter.microsoft.com/api/$metadata#Machines";

    public const string NoMachinesMessage = "No recent machines found for this tenant.";

    private static readonly JsonEncodedText Context = JsonEncodedText.Encode("@odata.context");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText NextLink = JsonEncodedText.Encode("@odata.nextLink");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ComputerDnsName = JsonEncodedText.Encode("computerDnsName");

    protected override async Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        if (DefenderPageRequest.TryParse(context.Request.Query, tenant.Machines.PageSize, tenant.Machines.PageSize, out var page) is { } problem)
        {
            await WriteAsync(context, tenant, 400, "application/json", ErrorBody(context, "BadRequest", problem));
            return;
        }

        if (IsNoMachines(tenant, fault))
        {
            await WriteAsync(context, tenant, 404, "application/json", ErrorBody(context, "NotFound", NoMachinesMessage));
            return;
        }

        Log(context, tenant, 200);
        context.Response.StatusCode = 200;
        context.Response.ContentType = ODataContentType;
        await using var json = StreamingJson.ToResponse(context);
        await WriteBodyAsync(json, context, tenant, page, fault);
    }

    protected override async Task<(int Status, byte[] Body)> RenderAsync(HttpContext context, SimulatedTenant tenant)
    {
        if (DefenderPageRequest.TryParse(context.Request.Query, tenant.Machines.PageSize, tenant.Machines.PageSize, out var page) is { } problem)
        {
            return (400, ErrorBody(context, "BadRequest", problem));
        }

        if (IsNoMachines(tenant, fault: null))
        {
            return (404, ErrorBody(context, "NotFound", NoMachinesMessage));
        }

        var buffer = new ArrayBufferWriter<byte>();
        await using (var json = StreamingJson.ToBuffer(buffer))
        {
            await WriteBodyAsync(json, context, tenant, page, fault: null);
        }

        return (200, buffer.WrittenSpan.ToArray());
    }

    // The faults that replace the listing serve machines whatever the tenant's count.
    private static bool IsNoMachines(SimulatedTenant tenant, ApiFault? fault) =>
        tenant.Machines.Count == 0 && tenant.Machines.WhenEmpty == NoMachinesAnswer.NotFound
        && fault?.Kind is not (ApiFaultKind.HugePage or ApiFaultKind.HugeField or ApiFaultKind.HostileCardinality);

    private async Task WriteBodyAsync(StreamingJson json, HttpContext context, SimulatedTenant tenant, DefenderPageRequest page, ApiFault? fault)
    {
        var writer = json.Writer;
        var machines = new MachineWriter(tenant, Server.Options.TimeProvider.GetUtcNow());
        writer.WriteStartObject();
        writer.WriteString(Context, ODataContext);
        writer.WriteStartArray(Value);
        string? nextLink = null;
        switch (fault?.Kind)
        {
            case ApiFaultKind.HugePage:
                await WriteMachinesAsync(json, machines, 0, fault.Items);
                break;
            case ApiFaultKind.HostileCardinality:
                for (var i = 0; i < fault.Items; i++)
                {
                    machines.Write(writer, i, HostileMachine.Make(i, fault.StringLength));
                    await json.FlushIfFullAsync();
                }

                break;
            case ApiFaultKind.HugeField:
                writer.WriteStartObject();
                writer.WriteString(Id, "0000000000000000000000000000000000000000");
                await json.WriteLongStringAsync(ComputerDnsName, "huge-", fault.Bytes);
                writer.WriteEndObject();
                break;
            default:
                var count = tenant.Machines.Count;
                var end = (int)Math.Min(count, (long)page.Offset + page.Size);
                await WriteMachinesAsync(json, machines, page.Offset, end);
                nextLink = fault?.Kind == ApiFaultKind.NextLink
                    ? Link(LinkOrigin(context, fault), fault, string.Create(CultureInfo.InvariantCulture, $"{Endpoint.Path()}?$top={page.Size}&$skip={end}"))
                    : !page.TopSent && count > page.Size
                        ? Link(LinkOrigin(context, fault), fault, string.Create(CultureInfo.InvariantCulture, $"{Endpoint.Path()}?$skip={page.Size}"))
                        : null;
                break;
        }

        writer.WriteEndArray();
        if (nextLink is not null)
        {
            writer.WriteString(NextLink, nextLink);
        }

        writer.WriteEndObject();
    }

    private static async Task WriteMachinesAsync(StreamingJson json, MachineWriter machines, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            machines.Write(json.Writer, i);
            await json.FlushIfFullAsync();
        }
    }
}
