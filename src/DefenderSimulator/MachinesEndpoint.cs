using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /api/machines</c>: the tenant's machines, a page at a time, streamed as they are generated. Every page
/// but the last carries <c>@odata.nextLink</c> on the scheme, host and port the request came in on. A tenant
/// with no machines answers 404 (as documented) or an empty page, as its <see cref="MachineInventory"/> says.
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
        if (MachinePageRequest.TryParse(context.Request.Query, tenant.Machines, out var page) is { } problem)
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
        if (MachinePageRequest.TryParse(context.Request.Query, tenant.Machines, out var page) is { } problem)
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

    private async Task WriteBodyAsync(StreamingJson json, HttpContext context, SimulatedTenant tenant, MachinePageRequest page, ApiFault? fault)
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
                var end = (int)Math.Min(count, (long)page.Offset + page.Top);
                await WriteMachinesAsync(json, machines, page.Offset, end);
                var next = MachinePageRequest.SkipToken(end, tenant.Machines.Seed);
                var origin = fault?.Kind == ApiFaultKind.NextLink ? HostileOrigin(context, fault) : $"{context.Request.Scheme}://{context.Request.Host}";
                nextLink = end < count || fault?.Kind == ApiFaultKind.NextLink
                    ? LinkFrom(origin, fault?.NextLinkUrl, page.Top, next)
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

    private static string LinkFrom(string origin, Uri? url, int top, string skipToken) =>
        url is not null && (url.AbsolutePath != "/" || url.Query.Length > 0)
            ? url.AbsoluteUri
            : string.Create(CultureInfo.InvariantCulture, $"{origin}/api/machines?$top={top}&$skiptoken={skipToken}");

    /// <summary>The origin a hostile nextLink names: a given one, a decoy port of the same scheme, or the other scheme.</summary>
    private string HostileOrigin(HttpContext context, ApiFault fault)
    {
        if (fault.NextLinkUrl is { } url)
        {
            // The port stays written even when it is the scheme's default: https://evil.example:443.
            return $"{url.Scheme}://{url.Host}:{url.Port}";
        }

        var https = context.Request.IsHttps;
        var target = fault.NextLinkTarget switch
        {
            NextLinkTarget.OtherPort => https ? Server.DecoyHttpsBaseUrl : Server.DecoyHttpBaseUrl,
            NextLinkTarget.OtherScheme => https ? Server.ApiBaseUrl : Server.HttpsBaseUrl,
            _ => ApiFault.ForeignOrigin,
        };
        var host = fault.NextLinkTarget == NextLinkTarget.ForeignHost ? target.Host : context.Request.Host.Host;
        return $"{target.Scheme}://{host}:{target.Port}";
    }
}
