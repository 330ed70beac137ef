using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /v1.0/security/incidents</c> (Graph): the tenant's incidents, newest first, filtered by <c>$filter</c>
/// (see <see cref="IncidentFilter"/>), <c>$skip</c> and <c>$top</c> honoured, at most
/// <see cref="IncidentSettings.PageSize"/> a page (50 by default), each page but the last with an <c>@odata.nextLink</c>
/// that keeps the query and adds a <c>$skiptoken</c>; <c>$count=true</c> adds <c>@odata.count</c>.
/// </summary>
internal sealed class IncidentsEndpoint(SimulatorServer server, TokenEndpoint tokens)
    : ApiEndpoint(server, tokens, DefenderEndpoint.Incidents)
{
    public const string ODataContext = "https://graph.microsoft.com/v1.0/$metadata#security/incidents";

    protected override async Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        if (Read(context, tenant, out var page) is { } problem)
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
        if (Read(context, tenant, out var page) is { } problem)
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

    private static string? Read(HttpContext context, SimulatedTenant tenant, out Page page)
    {
        var query = context.Request.Query;
        page = default;
        var topProblem = ListQuery.TryReadTop(query, out var top);
        var skipProblem = ListQuery.TryReadSkip(query, out var skip);
        var filterProblem = IncidentFilter.TryParse(query["$filter"], out var filter);
        if ((topProblem ?? skipProblem ?? filterProblem) is { } problem)
        {
            return problem;
        }

        var from = 0;
        if (query.TryGetValue("$skiptoken", out var token) && !SkipToken.TryDecode(token.ToString(), tenant.Incidents.Seed, out from))
        {
            return "Invalid $skiptoken.";
        }

        page = new Page(top, skip, from, filter, string.Equals(query["$count"], "true", StringComparison.OrdinalIgnoreCase));
        return null;
    }

    private async Task WriteBodyAsync(StreamingJson json, HttpContext context, SimulatedTenant tenant, Page page, ApiFault? fault)
    {
        var settings = tenant.Incidents;
        var total = settings.Total;
        var now = Server.Options.TimeProvider.GetUtcNow();
        var newest = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var unknownMembers = context.Request.Headers["Prefer"].Any(p => p?.Contains("include-unknown-enum-members", StringComparison.OrdinalIgnoreCase) == true);
        var writer = json.Writer;
        writer.WriteStartObject();
        writer.WriteString("@odata.context", ODataContext);
        if (page.Count)
        {
            var matching = 0;
            for (var i = 0; i < total; i++)
            {
                matching += page.Filter.Matches(SimulatedIncident.Make(settings, i, newest)) ? 1 : 0;
            }

            writer.WriteNumber("@odata.count", matching);
        }

        writer.WriteStartArray("value");
        var size = Math.Min(page.Top ?? int.MaxValue, settings.PageSize);
        var (written, toSkip, index) = (0, page.Skip, page.From);
        var text = new char[40];
        for (; index < total && written < size; index++)
        {
            var incident = SimulatedIncident.Make(settings, index, newest);
            if (!page.Filter.Matches(incident) || toSkip-- > 0)
            {
                continue;
            }

            WriteIncident(writer, tenant, incident, unknownMembers, text);
            written++;
            await json.FlushIfFullAsync();
        }

        writer.WriteEndArray();
        var more = false;
        for (var i = index; i < total && !more; i++)
        {
            more = page.Filter.Matches(SimulatedIncident.Make(settings, i, newest));
        }

        if (more || fault?.Kind == ApiFaultKind.NextLink)
        {
            writer.WriteString("@odata.nextLink", Link(LinkOrigin(context, fault), fault, NextQuery(context, SkipToken.Encode(index, settings.Seed))));
        }

        writer.WriteEndObject();
    }

    // Graph's nextLink keeps the request's options ($skip is spent) and adds where to resume.
    private string NextQuery(HttpContext context, string skipToken)
    {
        var query = new StringBuilder(Endpoint.Path()).Append('?');
        foreach (var (key, value) in context.Request.Query)
        {
            if (key is not ("$skiptoken" or "$skip"))
            {
                query.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value.ToString())).Append('&');
            }
        }

        return query.Append("$skiptoken=").Append(skipToken).ToString();
    }

    private static void WriteIncident(Utf8JsonWriter writer, SimulatedTenant tenant, in SimulatedIncident incident, bool unknownMembers, Span<char> text)
    {
        var id = (100_000 + (long)((uint)tenant.Incidents.Seed % 800_000) + 1_000_000L - incident.Index).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = incident.Status == "awaitingAction" && !unknownMembers ? "unknownFutureValue" : incident.Status;
        writer.WriteStartObject();
        writer.WriteString("@odata.type", "#microsoft.graph.security.incident");
        writer.WriteString("id", id);
        writer.WriteString("incidentWebUrl", $"https://security.microsoft.com/incidents/{id}?tid={tenant.TenantId}");
        writer.WriteNull("redirectIncidentId");
        writer.WriteString("tenantId", tenant.TenantId);
        writer.WriteString("displayName", $"Multi-stage incident {id} involving Initial access on one endpoint");
        writer.WriteString("createdDateTime", ListQuery.Time(text, incident.Created));
        writer.WriteString("lastUpdateDateTime", ListQuery.Time(text, incident.LastUpdated));
        if (incident.AssignedTo is { } assignee)
        {
            writer.WriteString("assignedTo", assignee);
        }
        else
        {
            writer.WriteNull("assignedTo");
        }

        writer.WriteString("classification", incident.Written(incident.Classification));
        writer.WriteString("determination", incident.Written(incident.Determination));
        writer.WriteString("status", incident.Written(status));
        writer.WriteString("severity", incident.Written(incident.Severity));
        writer.WriteStartArray("customTags");
        writer.WriteEndArray();
        writer.WriteStartArray("systemTags");
        writer.WriteEndArray();
        writer.WriteString("description", "Alerts correlated into one incident.");
        writer.WriteNull("summary");
        writer.WriteStartArray("comments");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private readonly record struct Page(int? Top, int Skip, int From, IncidentFilter Filter, bool Count);
}
