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

/// <summary>The control API's request to add a tenant.</summary>
public sealed record AddTenantRequest(string TenantId, string ClientId, string? ClientSecret, double Score = 500);

/// <summary>The control API's request to fix a score.</summary>
public sealed record SetScoreRequest(double Score, DateTimeOffset? Time);

/// <summary>The control API's description of a fault: <c>Target</c> is api or token; <c>Kind</c> names the fault.</summary>
public sealed record FaultRequest(
    string Kind,
    string Target = "api",
    int? Status = null,
    string? Code = null,
    int? RetryAfterSeconds = null,
    long? Bytes = null,
    string? Body = null,
    string? ContentType = null,
    int? PerByteMilliseconds = null,
    int? ExpiresIn = null,
    int? Times = null);

public sealed record RequestCounts(int Api, int Token);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScoreBody))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(TokenBody))]
[JsonSerializable(typeof(TokenErrorBody))]
[JsonSerializable(typeof(AddTenantRequest))]
[JsonSerializable(typeof(SetScoreRequest))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(Dictionary<string, RequestCounts>))]
public sealed partial class SimulatorJsonContext : JsonSerializerContext;
