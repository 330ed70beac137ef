using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /api/exposureScore/ByMachineGroups</c>: the exposure score of each of the tenant's device groups, as
/// <c>{"@odata.context":"…#ExposureScore","value":[{"time","score","rbacGroupName","rbacGroupId"?},…]}</c>.
/// </summary>
internal sealed class DeviceGroupScoresEndpoint(SimulatorServer server, TokenEndpoint tokens)
    : ApiEndpoint(server, tokens, DefenderEndpoint.ExposureScoreByMachineGroups)
{
    public const string ODataContext = "https://api.securitycenter.microsoft.com/api/$metadata#ExposureScore";

    private static readonly JsonEncodedText Context = JsonEncodedText.Encode("@odata.context");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText RbacGroupName = JsonEncodedText.Encode("rbacGroupName");
    private static readonly JsonEncodedText RbacGroupId = JsonEncodedText.Encode("rbacGroupId");

    protected override async Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        Log(context, tenant, 200);
        context.Response.StatusCode = 200;
        context.Response.ContentType = ODataContentType;
        await using var json = StreamingJson.ToResponse(context);
        await WriteBodyAsync(json, tenant, fault);
    }

    protected override async Task<(int Status, byte[] Body)> RenderAsync(HttpContext context, SimulatedTenant tenant)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var json = StreamingJson.ToBuffer(buffer))
        {
            await WriteBodyAsync(json, tenant, fault: null);
        }

        return (200, buffer.WrittenSpan.ToArray());
    }

    private async Task WriteBodyAsync(StreamingJson json, SimulatedTenant tenant, ApiFault? fault)
    {
        var writer = json.Writer;
        var now = Server.Options.TimeProvider.GetUtcNow();
        writer.WriteStartObject();
        writer.WriteString(Context, ODataContext);
        writer.WriteStartArray(Value);
        switch (fault?.Kind)
        {
            case ApiFaultKind.HostileCardinality:
                for (var i = 0; i < fault.Items; i++)
                {
                    WriteGroup(writer, now, 50, HostileText.Make("group", i, fault.StringLength), 1_000_000 + i);
                    await json.FlushIfFullAsync();
                }

                break;
            case ApiFaultKind.HugeField:
                writer.WriteStartObject();
                WriteTime(writer, now);
                writer.WriteNumber(Score, 50);
                await json.WriteLongStringAsync(RbacGroupName, "huge-", fault.Bytes);
                writer.WriteEndObject();
                break;
            default:
                var groups = tenant.DeviceGroups;
                for (var i = 0; i < groups.Count; i++)
                {
                    var (score, time) = groups[i].CurrentScore;
                    WriteGroup(writer, time, score, groups[i].Name, groups[i].Id, idAsString: i % 2 == 1);
                }

                break;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // The Score resource documents rbacGroupId as a String, the example writes a number: every second group gets a string.
    private static void WriteGroup(Utf8JsonWriter writer, DateTimeOffset time, double score, string name, int? id, bool idAsString = false)
    {
        writer.WriteStartObject();
        WriteTime(writer, time);
        writer.WriteNumber(Score, score);
        writer.WriteString(RbacGroupName, name);
        if (id is { } value && idAsString)
        {
            writer.WriteString(RbacGroupId, value.ToString(CultureInfo.InvariantCulture));
        }
        else if (id is { } number)
        {
            writer.WriteNumber(RbacGroupId, number);
        }

        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[32];
        time.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(Time, text[..written]);
    }
}
