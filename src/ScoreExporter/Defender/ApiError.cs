using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreExporter.Defender;

/// <summary>The documented error body: <c>{"error":{"code","message","target"}}</c>.</summary>
public sealed record ApiErrorBody([property: JsonPropertyName("error")] ApiError? Error);

public sealed record ApiError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("target")] string? Target)
{
    /// <summary>The documented error code of an error body (e.g. DisabledFeature), if it has one. Never throws.</summary>
    public static string? CodeOf(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiErrorJson.Default.ApiErrorBody)?.Error?.Code;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(MaxDepth = 16)]
[JsonSerializable(typeof(ApiErrorBody))]
internal sealed partial class ApiErrorJson : JsonSerializerContext;
