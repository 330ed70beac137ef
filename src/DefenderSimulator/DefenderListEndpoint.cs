using System.Buffers;
using System.Globalization;

namespace DefenderSimulator;

/// <summary>
/// A Defender API list read by <c>$top</c>/<c>$skip</c>, as the real API serves them: with <c>$top</c> a page and no
/// nextLink; without it the default page size and whatever nextLink the endpoint's real counterpart sends. Rows are
/// generated one at a time and streamed. A hostile-cardinality fault replaces the page with that many hostile rows.
/// </summary>
internal abstract class DefenderListEndpoint(SimulatorServer server, TokenEndpoint tokens, DefenderEndpoint endpoint)
    : ApiEndpoint(server, tokens, endpoint)
{
    protected abstract string ODataContext { get; }

    /// <summary>How many rows a page holds when <c>$top</c> is not sent.</summary>
    protected abstract int DefaultPageSize { get; }

    protected abstract int Count(SimulatedTenant tenant);

    /// <summary>The most rows one page holds, whatever <c>$top</c> asks for.</summary>
    protected abstract int PageSize(SimulatedTenant tenant);

    /// <summary>The row writer for one response (state read once, so every row of a page agrees).</summary>
    protected abstract Action<System.Text.Json.Utf8JsonWriter, int, ApiFault?> Rows(SimulatedTenant tenant);

    /// <summary>The nextLink's query for a page served without <c>$top</c>, or null for none.</summary>
    protected abstract string? NextQueryWithoutTop(SimulatedTenant tenant, DefenderPageRequest page, int end);

    protected override async Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        if (DefenderPageRequest.TryParse(context.Request.Query, PageSize(tenant), DefaultPageSize, out var page) is { } problem)
        {
            await WriteAsync(context, tenant, 400, "application/json", ErrorBody(context, "BadRequest", problem));
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
        if (DefenderPageRequest.TryParse(context.Request.Query, PageSize(tenant), DefaultPageSize, out var page) is { } problem)
        {
            return (400, ErrorBody(context, "BadRequest", problem));
        }

        var buffer = new ArrayBufferWriter<byte>();
        await using (var json = StreamingJson.ToBuffer(buffer))
        {
            await WriteBodyAsync(json, context, tenant, page, fault: null);
        }

        return (200, buffer.WrittenSpan.ToArray());
    }

    private async Task WriteBodyAsync(StreamingJson json, HttpContext context, SimulatedTenant tenant, DefenderPageRequest page, ApiFault? fault)
    {
        var writer = json.Writer;
        var rows = Rows(tenant);
        writer.WriteStartObject();
        writer.WriteString("@odata.context", ODataContext);
        writer.WriteStartArray("value");
        string? next = null;
        if (fault?.Kind == ApiFaultKind.HostileCardinality)
        {
            for (var i = 0; i < fault.Items; i++)
            {
                rows(writer, i, fault);
                await json.FlushIfFullAsync();
            }
        }
        else
        {
            var end = (int)Math.Min(Count(tenant), (long)page.Offset + page.Size);
            for (var i = page.Offset; i < end; i++)
            {
                rows(writer, i, null);
                await json.FlushIfFullAsync();
            }

            next = fault?.Kind == ApiFaultKind.NextLink
                ? string.Create(CultureInfo.InvariantCulture, $"?$top={page.Size}&$skip={end}")
                : page.TopSent ? null : NextQueryWithoutTop(tenant, page, end);
        }

        writer.WriteEndArray();
        if (next is not null)
        {
            writer.WriteString("@odata.nextLink", Link(LinkOrigin(context, fault), fault, Endpoint.Path() + next));
        }

        writer.WriteEndObject();
    }
}
