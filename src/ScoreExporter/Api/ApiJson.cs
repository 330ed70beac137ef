using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreExporter.Api;

/// <summary>The documented body of <c>GET /api/configurationScore</c>; unknown fields are ignored.</summary>
public sealed record ConfigurationScoreBody(
    [property: JsonPropertyName("score"), JsonRequired] double Score,
    [property: JsonPropertyName("time"), JsonRequired] DateTimeOffset Time);

/// <summary>The documented error body: <c>{"error":{"code","message","target"}}</c>.</summary>
public sealed record ApiErrorBody([property: JsonPropertyName("error")] ApiError? Error);

public sealed record ApiError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("target")] string? Target);

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false, MaxDepth = 16)]
[JsonSerializable(typeof(ConfigurationScoreBody))]
[JsonSerializable(typeof(ApiErrorBody))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
