using System.Text.Json;

namespace ScoreExporter.Api;

/// <summary>Turns a response body into a score, or says why it cannot. Never throws.</summary>
public static class ScoreParser
{
    /// <summary>Defender's clock and ours may differ a little; a score from further in the future is garbage.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromHours(1);

    public static ScoreParseResult Parse(ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ConfigurationScoreBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ConfigurationScoreBody);
        }
        catch (JsonException)
        {
            return ScoreParseResult.Invalid("the body is not the documented JSON object");
        }
        catch (ArgumentException)
        {
            return ScoreParseResult.Invalid("the body is not valid UTF-8 JSON");
        }

        if (parsed is null)
        {
            return ScoreParseResult.Invalid("the body is JSON null");
        }

        if (!double.IsFinite(parsed.Score) || parsed.Score < 0)
        {
            return ScoreParseResult.Invalid("score is not a finite, non-negative number");
        }

        if (parsed.Time == default || parsed.Time > now + AllowedClockSkew)
        {
            return ScoreParseResult.Invalid("time is missing or in the future");
        }

        return new ScoreParseResult(parsed.Score, parsed.Time, null);
    }

    /// <summary>The documented error code of an error body (e.g. DisabledFeature), if it has one.</summary>
    public static string? ErrorCode(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiErrorBody)?.Error?.Code;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }
}

public readonly record struct ScoreParseResult(double Score, DateTimeOffset Time, string? Error)
{
    public bool IsValid => Error is null;

    public static ScoreParseResult Invalid(string error) => new(double.NaN, default, error);
}
