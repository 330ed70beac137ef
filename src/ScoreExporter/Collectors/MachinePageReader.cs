using System.Buffers;
using System.Text.Json;
using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// Streams one page of <c>GET /api/machines</c> (<c>{"value":[machine, ...], "@odata.nextLink": "..."}</c>) into a
/// <see cref="DeviceTally"/>: one machine object at a time is held, in a pooled buffer that grows only as far as the
/// largest machine needs, so a page of 10,000 machines (megabytes) is never held whole.
/// System.Text.Json streams top-level arrays only, and a converter would be read ahead whole, hence this small reader.
/// </summary>
public static class MachinePageReader
{
    /// <summary>A single machine object is a few KB; one this large is not an answer.</summary>
    public const int MaxMachineBytes = 1024 * 1024;

    private const int InitialBuffer = 64 * 1024;
    private const int MaxLinkLength = 8 * 1024;

    public static BodyReader<string?> Into(DeviceTally tally) => (content, cancellationToken) => ReadAsync(content, tally, cancellationToken);

    /// <summary>Counts the page's machines into <paramref name="tally"/>; the value is the next page's link, if any.</summary>
    public static async Task<BodyRead<string?>> ReadAsync(HttpContent content, DeviceTally tally, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var page = new PageState(tally);
            var length = 0;
            var final = false;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxMachineBytes)
                    {
                        return BodyRead<string?>.Refused($"a machine object is over the {MaxMachineBytes}-byte cap");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxMachineBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                final = read == 0;
                length += read;

                int consumed;
                try
                {
                    consumed = page.Consume(buffer.AsSpan(0, length), final);
                }
                catch (JsonException)
                {
                    return BodyRead<string?>.Refused("the body is not the documented JSON object");
                }

                if (page.Problem is { } problem)
                {
                    return BodyRead<string?>.Refused(problem);
                }

                if (page.Done)
                {
                    return BodyRead<string?>.Ok(page.NextLink);
                }

                if (final)
                {
                    return BodyRead<string?>.Refused("the body ended before the JSON object did");
                }

                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Where the reader is in the page, kept across buffer refills.</summary>
    private sealed class PageState(DeviceTally tally)
    {
        private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 16 });
        private Phase phase = Phase.Start;

        private enum Phase
        {
            Start,
            Properties,
            ValueArrayStart,
            Machines,
            NextLink,
            SkippedValue,
            Done,
        }

        public bool Done => phase == Phase.Done;

        public string? NextLink { get; private set; }

        public string? Problem { get; private set; }

        /// <summary>Reads what the buffer holds whole; returns how many bytes were used (the rest waits for more).</summary>
        public int Consume(ReadOnlySpan<byte> data, bool final)
        {
            var reader = new Utf8JsonReader(data, final, state);
            while (Problem is null && phase != Phase.Done)
            {
                var before = reader.CurrentState;
                var position = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    break;
                }

                if (!Step(ref reader))
                {
                    // The token's value is not whole in the buffer yet: give it back and wait for more bytes.
                    state = before;
                    return position;
                }
            }

            state = reader.CurrentState;
            return (int)reader.BytesConsumed;
        }

        private bool Step(ref Utf8JsonReader reader)
        {
            switch (phase)
            {
                case Phase.Start:
                    Expect(reader.TokenType == JsonTokenType.StartObject, Phase.Properties);
                    return true;
                case Phase.Properties when reader.TokenType == JsonTokenType.EndObject:
                    phase = Phase.Done;
                    return true;
                case Phase.Properties:
                    phase = reader.ValueTextEquals("value"u8) ? Phase.ValueArrayStart
                        : reader.ValueTextEquals("@odata.nextLink"u8) ? Phase.NextLink
                        : Phase.SkippedValue;
                    return true;
                case Phase.ValueArrayStart:
                    Expect(reader.TokenType == JsonTokenType.StartArray, Phase.Machines);
                    return true;
                case Phase.Machines when reader.TokenType == JsonTokenType.EndArray:
                    phase = Phase.Properties;
                    return true;
                case Phase.Machines when reader.TokenType == JsonTokenType.StartObject:
                    return ReadMachine(ref reader);
                case Phase.Machines:
                    Problem = "a machine is not a JSON object";
                    return true;
                case Phase.NextLink:
                    ReadLink(ref reader);
                    return true;
                case Phase.SkippedValue:
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    phase = Phase.Properties;
                    return true;
                default:
                    return true;
            }
        }

        private bool ReadMachine(ref Utf8JsonReader reader)
        {
            var whole = reader;
            if (!whole.TrySkip())
            {
                return false;
            }

            if (JsonSerializer.Deserialize(ref reader, CollectorJson.Default.Machine) is { } machine)
            {
                tally.Add(machine);
            }

            return true;
        }

        private void ReadLink(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                NextLink = reader.ValueSpan.Length <= MaxLinkLength ? reader.GetString() : null;
                Problem = NextLink is null ? "@odata.nextLink is too long" : null;
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                Problem = "@odata.nextLink is not a string";
            }

            phase = Phase.Properties;
        }

        private void Expect(bool condition, Phase next)
        {
            if (condition)
            {
                phase = next;
            }
            else
            {
                Problem = "the body is not the documented JSON object";
            }
        }
    }
}
