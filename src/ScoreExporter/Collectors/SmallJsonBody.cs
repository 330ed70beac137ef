using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>A whole JSON body read under a size cap, then deserialised with source-generated metadata.</summary>
public static class SmallJsonBody
{
    /// <summary>The score bodies are under a few KB; anything near this is not an answer.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static BodyReader<T> Reader<T>(JsonTypeInfo<T> type) => (content, cancellationToken) => ReadAsync(content, type, cancellationToken);

    public static async Task<BodyRead<T>> ReadAsync<T>(HttpContent content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBytes)
        {
            return BodyRead<T>.Refused($"body of {content.Headers.ContentLength} bytes is over the {MaxBytes}-byte cap");
        }

        using var body = await CappedBody.ReadAsync(content, MaxBytes, cancellationToken).ConfigureAwait(false);
        return body.OverCap ? BodyRead<T>.Refused($"body is over the {MaxBytes}-byte cap") : Parse(body.Span, type);
    }

    public static BodyRead<T> Parse<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) is { } value ? BodyRead<T>.Ok(value) : BodyRead<T>.Refused("the body is JSON null");
        }
        catch (JsonException)
        {
            return BodyRead<T>.Refused("the body is not the documented JSON object");
        }
        catch (ArgumentException)
        {
            return BodyRead<T>.Refused("the body is not valid UTF-8 JSON");
        }
    }
}
