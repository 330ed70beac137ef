using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DefenderSimulator;

public sealed record ScoreBody(
    [property: JsonPropertyName("@odata.context")] string Context,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("score")] double Score);

public sealed record ErrorBody([property: JsonPropertyName("error")] ErrorDetail Error);

public sealed record ErrorDetail(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("target")] string Target);

public sealed record GraphErrorBody([property: JsonPropertyName("error")] GraphErrorDetail Error);

public sealed record GraphErrorDetail(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("innerError")] GraphInnerError InnerError);

public sealed record GraphInnerError(
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("request-id")] string RequestId,
    [property: JsonPropertyName("client-request-id")] string ClientRequestId);

public sealed record TokenBody(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExpiresIn,
    [property: JsonPropertyName("ext_expires_in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExtExpiresIn,
    [property: JsonPropertyName("access_token")] string AccessToken);

public sealed record TokenErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description,
    [property: JsonPropertyName("error_codes")] int[] ErrorCodes,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("trace_id")] string TraceId,
    [property: JsonPropertyName("correlation_id")] string CorrelationId);

/// <summary>
/// The control API's request to add a tenant. <c>Drift: false</c> fixes the score at <c>Score</c>; <c>Machines</c>
/// sets the machine count; <c>DemoPosture</c> (a variant number) gives it demo device groups and machines.
/// </summary>
public sealed record AddTenantRequest(
    string TenantId,
    string ClientId,
    string? ClientSecret = null,
    double Score = 500,
    bool Drift = true,
    string? CertificatePem = null,
    string? FederatedToken = null,
    int? Machines = null,
    int? DemoPosture = null);

/// <summary>The control API's request to rotate a client secret.</summary>
public sealed record SetSecretRequest(string? ClientSecret);

/// <summary>The control API's request to fix a score (time defaults to now).</summary>
public sealed record SetScoreRequest(double Score, DateTimeOffset? Time = null);

/// <summary>
/// The control API's description of a fault: <c>Target</c> is api or token; <c>Kind</c> names the fault;
/// <c>Endpoint</c> (api only) limits it to one endpoint (<c>machines</c>, <c>exposureScore/ByMachineGroups</c>, …).
/// </summary>
public sealed record FaultRequest(
    string Kind,
    string Target = "api",
    int? Status = null,
    string? Code = null,
    string? Message = null,
    int? RetryAfterSeconds = null,
    long? Bytes = null,
    string? Body = null,
    string? ContentType = null,
    int? PerByteMilliseconds = null,
    int? ExpiresIn = null,
    int? Times = null,
    string? Endpoint = null,
    string? NextLink = null,
    int? Items = null,
    int? StringLength = null,
    string? Permission = null,
    string? Surface = null);

/// <summary>The control API's description of a device group: <c>Score</c> is where it drifts around, or its fixed value with <c>Drift: false</c>.</summary>
public sealed record DeviceGroupRequest(string Name, int? Id = null, double? Score = null, bool Drift = true);

/// <summary>A device group as the control API lists it.</summary>
public sealed record DeviceGroupReport(string Name, int? Id, double Score);

/// <summary>The control API's Secure Score settings; each one left out keeps its value (<c>UnknownCategory: ""</c> clears it).</summary>
public sealed record SecureScoreRequest(bool? HasSnapshot = null, int? Days = null, string? UnknownCategory = null, int? ProfilePageSize = null, int? Seed = null);

/// <summary>The control API's incident settings; each one left out keeps its value.</summary>
public sealed record IncidentsRequest(int? Open = null, int? Resolved = null, int? PageSize = null, int? Seed = null);

/// <summary>
/// The control API's settings of a Defender list (recommendations, antivirus); each one left out keeps its value.
/// <c>FollowMachines: true</c> (antivirus) makes the row count follow the machine count again.
/// </summary>
public sealed record ListRequest(int? Count = null, int? PageSize = null, int? Seed = null, bool? FollowMachines = null);

/// <summary>The control API's machine settings; each one left out keeps its value.</summary>
public sealed record MachinesRequest(int? Count = null, string? WhenEmpty = null, int? UngroupedPercent = null, int? Seed = null);

/// <summary>
/// A tenant's request counts. <c>Endpoints</c>: per endpoint name. The busiest minute and hour (API calls, pages
/// included, from the kept log) are filled when one tenant is asked for.
/// </summary>
public sealed record RequestCounts(int Api, int Token)
{
    public Dictionary<string, int> Endpoints { get; init; } = [];

    /// <summary>API requests per surface: <c>defender</c>, <c>graph</c>.</summary>
    public Dictionary<string, int> Surfaces { get; init; } = [];

    /// <summary>Token requests per audience asked for (<c>https://graph.microsoft.com</c>, …).</summary>
    public Dictionary<string, int> TokenAudiences { get; init; } = [];

    public int? MaxApiCallsPerMinute { get; init; }

    public int? MaxApiCallsPerHour { get; init; }
}

/// <summary>The control API's request counts: totals over the tenants listed, and per tenant id.</summary>
public sealed record RequestCountsReport(long Api, long Token, Dictionary<string, RequestCounts> Tenants);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScoreBody))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(GraphErrorBody))]
[JsonSerializable(typeof(TokenBody))]
[JsonSerializable(typeof(TokenErrorBody))]
[JsonSerializable(typeof(AddTenantRequest))]
[JsonSerializable(typeof(SetScoreRequest))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(SetSecretRequest))]
[JsonSerializable(typeof(RequestCountsReport))]
[JsonSerializable(typeof(DeviceGroupRequest))]
[JsonSerializable(typeof(DeviceGroupRequest[]))]
[JsonSerializable(typeof(DeviceGroupReport[]))]
[JsonSerializable(typeof(MachinesRequest))]
[JsonSerializable(typeof(SecureScoreRequest))]
[JsonSerializable(typeof(IncidentsRequest))]
[JsonSerializable(typeof(ListRequest))]
public sealed partial class SimulatorJsonContext : JsonSerializerContext;

/// <summary>The serializer for every body the simulator writes.</summary>
internal static class SimulatorJson
{
    /// <summary>Writes quotes and non-ASCII as they are ('…' rather than \u0027…\u0027), as Entra and Defender do.</summary>
    public static readonly SimulatorJsonContext Context = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
