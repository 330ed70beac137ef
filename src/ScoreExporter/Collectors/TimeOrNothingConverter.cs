using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreExporter.Collectors;

/// <summary>
/// A time field where one odd row must not void a whole listing (e.g. <c>avSignatureUpdateTime</c> of a device that
/// never updated): an ISO 8601 string is the time (UTC when it names no offset), an empty or unparseable string or null
/// is no time. Any other JSON type is still a malformed answer.
/// </summary>
public sealed class TimeOrNothingConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("expected a time string or null");
        }

        if (!reader.TryGetDateTimeOffset(out var stamp) || !reader.TryGetDateTime(out var clock))
        {
            return null;
        }

        // Without an offset the reader would take the machine's local zone; the API's clock is UTC.
        return clock.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(clock, TimeSpan.Zero) : stamp;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(time);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
