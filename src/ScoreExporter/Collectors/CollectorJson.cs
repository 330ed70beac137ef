using System.Text.Json.Serialization;

namespace ScoreExporter.Collectors;

/// <summary>
/// The documented body of <c>GET /api/configurationScore</c> and <c>GET /api/exposureScore</c>; unknown fields are
/// ignored. <c>time</c> is when the call was made (Microsoft's words), not when Defender computed the score.
/// </summary>
public sealed record ScoreBody(
    [property: JsonPropertyName("score"), JsonRequired] double Score,
    [property: JsonPropertyName("time"), JsonRequired] DateTimeOffset Time);

/// <summary>The body of <c>GET /api/exposureScore/ByMachineGroups</c>.</summary>
public sealed record GroupScoresBody([property: JsonPropertyName("value"), JsonRequired] IReadOnlyList<GroupScore?> Value);

/// <summary>One device group's exposure score; real answers carry <c>rbacGroupId</c>, the documented example does not.</summary>
public sealed record GroupScore(
    [property: JsonPropertyName("score"), JsonRequired] double Score,
    [property: JsonPropertyName("rbacGroupName")] string? RbacGroupName,
    [property: JsonPropertyName("rbacGroupId")] long? RbacGroupId);

/// <summary>The fields of a machine the devices collector counts by; the rest of each (large) object is skipped.</summary>
public sealed record Machine(
    [property: JsonPropertyName("osPlatform")] string? OsPlatform,
    [property: JsonPropertyName("healthStatus")] string? HealthStatus,
    [property: JsonPropertyName("onboardingStatus")] string? OnboardingStatus,
    [property: JsonPropertyName("riskScore")] string? RiskScore,
    [property: JsonPropertyName("exposureLevel")] string? ExposureLevel,
    [property: JsonPropertyName("rbacGroupName")] string? RbacGroupName);

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false, MaxDepth = 16)]
[JsonSerializable(typeof(ScoreBody))]
[JsonSerializable(typeof(GroupScoresBody))]
[JsonSerializable(typeof(Machine))]
public sealed partial class CollectorJson : JsonSerializerContext;
