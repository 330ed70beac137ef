using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /v1.0/security/secureScoreControlProfiles</c> (Graph): every Secure Score control's profile, deprecated ones
/// too, <see cref="SecureScoreSettings.ProfilePageSize"/> a page (fewer with <c>$top</c>), each page but the last with an
/// <c>@odata.nextLink</c> carrying a <c>$skiptoken</c> on the request's own scheme, host and port. <c>maxScore</c> is a number.
/// </summary>
internal sealed class SecureScoreControlProfilesEndpoint(SimulatorServer server, TokenEndpoint tokens)
    : ApiEndpoint(server, tokens, DefenderEndpoint.SecureScoreControlProfiles)
{
    public const string ODataContext = "https://graph.microsoft.com/v1.0/$metadata#security/secureScoreControlProfiles";

    private static readonly string[] Threats = ["accountBreach", "dataExfiltration", "elevationOfPrivilege", "maliciousInsider", "phishingOrWhaling", "spoofing"];

    protected override async Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        if (Read(context, tenant) is { Problem: { } problem })
        {
            await WriteAsync(context, tenant, 400, "application/json", ErrorBody(context, "BadRequest", problem));
            return;
        }

        Log(context, tenant, 200);
        context.Response.StatusCode = 200;
        context.Response.ContentType = ODataContentType;
        await using var json = StreamingJson.ToResponse(context);
        WriteBody(json.Writer, context, tenant, fault);
    }

    protected override async Task<(int Status, byte[] Body)> RenderAsync(HttpContext context, SimulatedTenant tenant)
    {
        if (Read(context, tenant) is { Problem: { } problem })
        {
            return (400, ErrorBody(context, "BadRequest", problem));
        }

        var buffer = new ArrayBufferWriter<byte>();
        await using (var json = StreamingJson.ToBuffer(buffer))
        {
            WriteBody(json.Writer, context, tenant, fault: null);
        }

        return (200, buffer.WrittenSpan.ToArray());
    }

    private static (int? Top, int Offset, string? Problem) Read(HttpContext context, SimulatedTenant tenant)
    {
        var query = context.Request.Query;
        var problem = ListQuery.TryReadTop(query, out var top);
        var offset = 0;
        if (problem is null && query.TryGetValue("$skiptoken", out var token) && !SkipToken.TryDecode(token.ToString(), tenant.SecureScore.Seed, out offset))
        {
            problem = "Invalid $skiptoken.";
        }

        return (top, offset, problem);
    }

    private void WriteBody(Utf8JsonWriter writer, HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        var (top, offset, _) = Read(context, tenant);
        var settings = tenant.SecureScore;
        var profiles = settings.Profiles;
        var end = (int)Math.Min(profiles.Count, (long)offset + Math.Min(top ?? int.MaxValue, settings.ProfilePageSize));
        var modified = DateTimeOffset.FromUnixTimeSeconds((Server.Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() / 86_400 * 86_400) - (86_400 * 12));
        Span<char> text = stackalloc char[40];
        writer.WriteStartObject();
        writer.WriteString("@odata.context", ODataContext);
        writer.WriteStartArray("value");
        for (var i = offset; i < end; i++)
        {
            WriteProfile(writer, tenant, profiles[i], i, ListQuery.Time(text, modified));
        }

        writer.WriteEndArray();
        if (end < profiles.Count || fault?.Kind == ApiFaultKind.NextLink)
        {
            var skip = SkipToken.Encode(end, settings.Seed);
            var query = top is { } t ? string.Create(CultureInfo.InvariantCulture, $"?$top={t}&$skiptoken={skip}") : $"?$skiptoken={skip}";
            writer.WriteString("@odata.nextLink", Link(LinkOrigin(context, fault), fault, Endpoint.Path() + query));
        }

        writer.WriteEndObject();
    }

    private static void WriteProfile(Utf8JsonWriter writer, SimulatedTenant tenant, SecureControl control, int rank, ReadOnlySpan<char> modified)
    {
        writer.WriteStartObject();
        writer.WriteString("id", control.Name);
        writer.WriteString("azureTenantId", tenant.TenantId);
        writer.WriteString("actionType", control.ActionType);
        writer.WriteString("actionUrl", "https://security.microsoft.com/securescore?viewid=actions&actionId=" + control.Name);
        writer.WriteString("controlCategory", control.ProfileCategory ?? control.Category);
        writer.WriteString("title", control.Title);
        writer.WriteBoolean("deprecated", control.Deprecated);
        writer.WriteString("implementationCost", control.ImplementationCost);
        writer.WriteString("lastModifiedDateTime", modified);
        writer.WriteNumber("maxScore", control.MaxScore);
        writer.WriteNumber("rank", rank + 1);
        writer.WriteString("remediation", $"<p>{control.Title}.</p>");
        writer.WriteString("remediationImpact", control.UserImpact == "Low" ? "No impact on users." : "Users may be asked to take an extra step.");
        writer.WriteString("service", control.Service);
        writer.WriteStartArray("threats");
        writer.WriteStringValue(Threats[rank % Threats.Length]);
        writer.WriteStringValue(Threats[(rank + 2) % Threats.Length]);
        writer.WriteEndArray();
        writer.WriteString("tier", control.Tier);
        writer.WriteString("userImpact", control.UserImpact);
        writer.WriteNull("complianceInformation");
        writer.WriteStartArray("controlStateUpdates");
        writer.WriteEndArray();
        writer.WriteStartObject("vendorInformation");
        writer.WriteString("provider", "SecureScore");
        writer.WriteNull("providerVersion");
        writer.WriteNull("subProvider");
        writer.WriteString("vendor", "Microsoft");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
