using System.Text.Json.Serialization;

namespace ScoreExporter.Collectors;

/// <summary>The body of Graph's <c>GET /security/secureScores?$top=1</c>: the newest daily snapshot, or none yet.</summary>
public sealed record SecureScoresBody([property: JsonPropertyName("value"), JsonRequired] IReadOnlyList<SecureScoreSnapshot?> Value);

/// <summary>One day's Microsoft Secure Score; <c>createdDateTime</c> is when Microsoft computed it.</summary>
public sealed record SecureScoreSnapshot(
    [property: JsonPropertyName("createdDateTime"), JsonRequired] DateTimeOffset CreatedDateTime,
    [property: JsonPropertyName("currentScore"), JsonRequired] double CurrentScore,
    [property: JsonPropertyName("maxScore"), JsonRequired] double MaxScore,
    [property: JsonPropertyName("averageComparativeScores")] IReadOnlyList<ComparativeScore?>? AverageComparativeScores,
    [property: JsonPropertyName("controlScores")] IReadOnlyList<ControlScore?>? ControlScores);

/// <summary>An average score of comparable tenants, by <c>basis</c> (AllTenants, TotalSeats, IndustryTypes).</summary>
public sealed record ComparativeScore(
    [property: JsonPropertyName("basis")] string? Basis,
    [property: JsonPropertyName("averageScore")] double? AverageScore);

/// <summary>One control's points in the snapshot; a control without points counts none.</summary>
public sealed record ControlScore(
    [property: JsonPropertyName("controlCategory")] string? ControlCategory,
    [property: JsonPropertyName("controlName")] string? ControlName,
    [property: JsonPropertyName("score")] double? Score);

/// <summary>One item of <c>GET /security/secureScoreControlProfiles</c>: its id is the control's name.</summary>
public sealed record ControlProfile(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("maxScore")] double? MaxScore);
