using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /v1.0/security/secureScores</c> (Graph): the tenant's daily Microsoft Secure Score snapshots, newest first,
/// <c>$top</c>/<c>$skip</c> honoured (a nextLink while more remain). Each snapshot scores tens of controls over five
/// categories; <c>maxScore</c> is the sum of their maxima. A tenant without a snapshot answers <c>"value":[]</c>.
/// </summary>
internal sealed class SecureScoresEndpoint(SimulatorServer server, TokenEndpoint tokens)
    : ApiEndpoint(server, tokens, DefenderEndpoint.SecureScores)
{
    public const string ODataContext = "https://graph.microsoft.com/v1.0/$metadata#security/secureScores";

    private static readonly string[] EnabledServices = ["HasExchange", "HasSharePoint", "HasOD4B", "HasMDO", "HasMDE", "HasMDI", "HasMCAS", "HasCompliance"];
    private static readonly string[] Categories = ["identity", "data", "device", "apps", "infrastructure"];

    protected override async Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        if (Read(context) is { Problem: { } problem })
        {
            await WriteAsync(context, tenant, 400, "application/json", ErrorBody(context, "BadRequest", problem));
            return;
        }

        Log(context, tenant, 200);
        context.Response.StatusCode = 200;
        context.Response.ContentType = ODataContentType;
        await using var json = StreamingJson.ToResponse(context);
        await WriteBodyAsync(json, context, tenant, fault);
    }

    protected override async Task<(int Status, byte[] Body)> RenderAsync(HttpContext context, SimulatedTenant tenant)
    {
        if (Read(context) is { Problem: { } problem })
        {
            return (400, ErrorBody(context, "BadRequest", problem));
        }

        var buffer = new ArrayBufferWriter<byte>();
        await using (var json = StreamingJson.ToBuffer(buffer))
        {
            await WriteBodyAsync(json, context, tenant, fault: null);
        }

        return (200, buffer.WrittenSpan.ToArray());
    }

    private static (int? Top, int Skip, string? Problem) Read(HttpContext context)
    {
        var topProblem = ListQuery.TryReadTop(context.Request.Query, out var top);
        var skipProblem = ListQuery.TryReadSkip(context.Request.Query, out var skip);
        return (top, skip, topProblem ?? skipProblem);
    }

    private async Task WriteBodyAsync(StreamingJson json, HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        var (top, skip, _) = Read(context);
        var settings = tenant.SecureScore;
        var days = settings.HasSnapshot ? settings.Days : 0;
        var end = (int)Math.Min(days, (long)skip + (top ?? days));
        var today = Server.Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() / 86_400;
        var writer = json.Writer;
        writer.WriteStartObject();
        writer.WriteString("@odata.context", ODataContext);
        writer.WriteStartArray("value");
        for (var i = skip; i < end; i++)
        {
            WriteSnapshot(writer, tenant, today - i);
            await json.FlushIfFullAsync();
        }

        writer.WriteEndArray();
        if (end < days || fault?.Kind == ApiFaultKind.NextLink)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"?$top={top ?? days}&$skip={end}");
            writer.WriteString("@odata.nextLink", Link(LinkOrigin(context, fault), fault, Endpoint.Path() + query));
        }

        writer.WriteEndObject();
    }

    private static void WriteSnapshot(Utf8JsonWriter writer, SimulatedTenant tenant, long day)
    {
        var settings = tenant.SecureScore;
        var controls = settings.ScoredControls;
        var createdAt = DateTimeOffset.FromUnixTimeSeconds(day * 86_400);
        Span<char> text = stackalloc char[40];
        var (current, max) = (0.0, 0.0);
        var byCategory = new double[Categories.Length];
        for (var i = 0; i < controls.Count; i++)
        {
            var score = settings.ControlScore(controls[i], i, day);
            current += score;
            max += controls[i].MaxScore;
            var category = Array.IndexOf(Categories, controls[i].Category.ToLowerInvariant());
            if (category >= 0)
            {
                byCategory[category] += score;
            }
        }

        var users = 150 + (int)(StableHash.Mix(settings.Seed, 0, 43) % 20_000);
        writer.WriteStartObject();
        writer.WriteString("id", $"{tenant.TenantId}_{createdAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        writer.WriteString("azureTenantId", tenant.TenantId);
        writer.WriteNumber("activeUserCount", users - (users / 9));
        writer.WriteString("createdDateTime", ListQuery.Time(text, createdAt));
        writer.WriteNumber("currentScore", Math.Round(current, 2));
        writer.WriteStartArray("enabledServices");
        foreach (var service in EnabledServices)
        {
            writer.WriteStringValue(service);
        }

        writer.WriteEndArray();
        writer.WriteNumber("licensedUserCount", users);
        writer.WriteNumber("maxScore", max);
        writer.WriteStartObject("vendorInformation");
        writer.WriteString("provider", "SecureScore");
        writer.WriteNull("providerVersion");
        writer.WriteNull("subProvider");
        writer.WriteString("vendor", "Microsoft");
        writer.WriteEndObject();
        writer.WriteStartArray("averageComparativeScores");
        WriteComparative(writer, "AllTenants", 38.2, byCategory, extra: null);
        WriteComparative(writer, "TotalSeats", 41.7, byCategory, extra: w =>
        {
            w.WriteString("seatSizeRangeLowerValue", users < 1000 ? "100" : "1000");
            w.WriteString("seatSizeRangeUpperValue", users < 1000 ? "999" : "24999");
        });
        WriteComparative(writer, "IndustryTypes", 44.9, byCategory, extra: w => w.WriteString("industryName", "Professional services"));
        writer.WriteEndArray();
        writer.WriteStartArray("controlScores");
        for (var i = 0; i < controls.Count; i++)
        {
            WriteControlScore(writer, controls[i], settings.ControlScore(controls[i], i, day), createdAt, text);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // What tenants like this one average, per category: near the tenant's own points, as the portal shows them.
    private static void WriteComparative(Utf8JsonWriter writer, string basis, double average, double[] byCategory, Action<Utf8JsonWriter>? extra)
    {
        writer.WriteStartObject();
        writer.WriteString("basis", basis);
        writer.WriteNumber("averageScore", average);
        writer.WriteNumber("appsScore", Math.Round(byCategory[3] * 0.8, 2));
        writer.WriteNumber("dataScore", Math.Round(byCategory[1] * 0.9, 2));
        writer.WriteNumber("deviceScore", Math.Round(byCategory[2] * 0.7, 2));
        writer.WriteNumber("identityScore", Math.Round(byCategory[0] * 0.85, 2));
        writer.WriteNumber("infrastructureScore", Math.Round(byCategory[4] * 0.6, 2));
        extra?.Invoke(writer);
        writer.WriteEndObject();
    }

    // As the service writes them: count and total as strings, IsApplicable with its capital letter.
    private static void WriteControlScore(Utf8JsonWriter writer, SecureControl control, double score, DateTimeOffset syncedAt, Span<char> text)
    {
        var total = 40 + (int)(control.MaxScore * 7);
        var share = control.MaxScore == 0 ? 0 : score / control.MaxScore;
        writer.WriteStartObject();
        writer.WriteString("controlCategory", control.Category);
        writer.WriteString("controlName", control.Name);
        writer.WriteString("description", control.Title + ".");
        writer.WriteNumber("score", score);
        writer.WriteNumber("scoreInPercentage", Math.Round(share * 100, 2));
        writer.WriteString("implementationStatus", share >= 1 ? "Completed" : share > 0 ? "Partially completed" : "Not completed");
        writer.WriteString("lastSynced", ListQuery.Time(text, syncedAt));
        writer.WriteString("count", ((int)(share * total)).ToString(CultureInfo.InvariantCulture));
        writer.WriteString("total", total.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("IsApplicable", "true");
        writer.WriteEndObject();
    }
}
