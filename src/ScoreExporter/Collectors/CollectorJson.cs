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

/// <summary>
/// One device group's exposure score. Real answers carry <c>rbacGroupId</c> as a number, the Score resource documents
/// it as a String, and the documented example has none: all three are accepted.
/// </summary>
public sealed record GroupScore(
    [property: JsonPropertyName("score"), JsonRequired] double Score,
    [property: JsonPropertyName("rbacGroupName")] string? RbacGroupName,
    [property: JsonPropertyName("rbacGroupId"), JsonConverter(typeof(StringOrNumberConverter))] string? RbacGroupId);

/// <summary>The fields of an incident the incidents collector counts by.</summary>
public sealed record Incident(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("severity")] string? Severity,
    [property: JsonPropertyName("assignedTo")] string? AssignedTo,
    [property: JsonPropertyName("createdDateTime")] DateTimeOffset? CreatedDateTime);

/// <summary>The fields of a machine the devices collector counts by; the rest of each (large) object is skipped.</summary>
public sealed record Machine(
    [property: JsonPropertyName("osPlatform")] string? OsPlatform,
    [property: JsonPropertyName("healthStatus")] string? HealthStatus,
    [property: JsonPropertyName("onboardingStatus")] string? OnboardingStatus,
    [property: JsonPropertyName("riskScore")] string? RiskScore,
    [property: JsonPropertyName("exposureLevel")] string? ExposureLevel,
    [property: JsonPropertyName("rbacGroupName")] string? RbacGroupName);

/// <summary>
/// The fields of a security recommendation the recommendations collector reads. Its three numbers are required: a
/// missing, null or non-numeric one makes the page an invalid answer rather than a silent 0, since the documented
/// object always carries them and a sum over guesses would pass for the truth.
/// </summary>
public sealed record Recommendation(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("recommendationName")] string? RecommendationName,
    [property: JsonPropertyName("recommendationCategory")] string? RecommendationCategory,
    [property: JsonPropertyName("remediationType")] string? RemediationType,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("publicExploit")] bool? PublicExploit,
    [property: JsonPropertyName("configScoreImpact"), JsonRequired] double ConfigScoreImpact,
    [property: JsonPropertyName("exposureImpact"), JsonRequired] double ExposureImpact,
    [property: JsonPropertyName("exposedMachinesCount"), JsonRequired] long ExposedMachinesCount);

/// <summary>
/// The fields of a device's antivirus health row the antivirus collector counts by. <c>avMode</c> is a code documented
/// as a string ("0".."5"), accepted as a number too; the up-to-date flags are the strings "True", "False" or "Unknown";
/// a signature update time that is empty or not a time reads as none (see <see cref="TimeOrNothingConverter"/>).
/// </summary>
public sealed record DeviceAvInfo(
    [property: JsonPropertyName("rbacGroupName")] string? RbacGroupName,
    [property: JsonPropertyName("osPlatform")] string? OsPlatform,
    [property: JsonPropertyName("avMode"), JsonConverter(typeof(StringOrNumberConverter))] string? AvMode,
    [property: JsonPropertyName("avIsSignatureUpToDate")] string? AvIsSignatureUpToDate,
    [property: JsonPropertyName("avIsEngineUpToDate")] string? AvIsEngineUpToDate,
    [property: JsonPropertyName("avIsPlatformUpToDate")] string? AvIsPlatformUpToDate,
    [property: JsonPropertyName("avSignatureUpdateTime"), JsonConverter(typeof(TimeOrNothingConverter))] DateTimeOffset? AvSignatureUpdateTime);

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false, MaxDepth = 16)]
[JsonSerializable(typeof(ScoreBody))]
[JsonSerializable(typeof(GroupScoresBody))]
[JsonSerializable(typeof(Machine))]
[JsonSerializable(typeof(SecureScoresBody))]
[JsonSerializable(typeof(ControlProfile))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(Recommendation))]
[JsonSerializable(typeof(DeviceAvInfo))]
public sealed partial class CollectorJson : JsonSerializerContext;
