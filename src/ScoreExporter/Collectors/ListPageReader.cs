using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// Streams one page of a list answer (<c>{"value":[item, ...], "@odata.nextLink": "..."}</c>) item by item into a
/// sink: one item object at a time is held, in a pooled buffer that grows only as far as the largest item needs, so a
/// page of 10,000 machines (megabytes) is never held whole. System.Text.Json streams top-level arrays only, and a
/// converter would be read ahead whole, hence this small reader. Every paged collector reads through it.
/// </summary>
public static class ListPageReader
{
    /// <summary>A single item is a few KB; one this large is not an answer.</summary>
    public const int MaxItemBytes = 1024 * 1024;

    private const int InitialBuffer = 64 * 1024;
    private const int MaxLinkLength = 8 * 1024;

    public static BodyReader<ListPage> Into<T>(JsonTypeInfo<T> item, Action<T> add) =>
        (content, cancellationToken) => ReadAsync(content, item, add, cancellationToken);

    /// <summary>Hands each item of the page to <paramref name="add"/>; the value says how many, which first, and the next link.</summary>
    public static async Task<BodyRead<ListPage>> ReadAsync<T>(HttpContent content, JsonTypeInfo<T> item, Action<T> add, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var page = new PageState<T>(item, add);
            var length = 0;
            var final = false;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxItemBytes)
                    {
                        return BodyRead<ListPage>.Refused($"an item is over the {MaxItemBytes}-byte cap");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxItemBytes));
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
                    return BodyRead<ListPage>.Refused("the body is not the documented JSON object");
                }

                if (page.Problem is { } problem)
                {
                    return BodyRead<ListPage>.Refused(problem);
                }

                if (page.Done)
                {
                    return BodyRead<ListPage>.Ok(new ListPage(page.Items, page.FirstItemHash, page.NextLink));
                }

                if (final)
                {
                    return BodyRead<ListPage>.Refused("the body ended before the JSON object did");
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
    private sealed class PageState<T>(JsonTypeInfo<T> item, Action<T> add)
    {
        private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 16 });
        private Phase phase = Phase.Start;

        private enum Phase
        {
            Start,
            Properties,
            ValueArrayStart,
            ItemList,
            NextLink,
            SkippedValue,
            Done,
        }

        public bool Done => phase == Phase.Done;

        public string? NextLink { get; private set; }

        public int Items { get; private set; }

        public ulong FirstItemHash { get; private set; }

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

                if (!Step(ref reader, data))
                {
                    // The token's value is not whole in the buffer yet: give it back and wait for more bytes.
                    state = before;
                    return position;
                }
            }

            state = reader.CurrentState;
            return (int)reader.BytesConsumed;
        }

        private bool Step(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
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
                    Expect(reader.TokenType == JsonTokenType.StartArray, Phase.ItemList);
                    return true;
                case Phase.ItemList when reader.TokenType == JsonTokenType.EndArray:
                    phase = Phase.Properties;
                    return true;
                case Phase.ItemList when reader.TokenType == JsonTokenType.StartObject:
                    return ReadItem(ref reader, data);
                case Phase.ItemList:
                    Problem = "an item of value[] is not a JSON object";
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

        private bool ReadItem(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
        {
            var whole = reader;
            var start = (int)reader.TokenStartIndex;
            if (!whole.TrySkip())
            {
                return false;
            }

            if (Items == 0)
            {
                // Identifies the page by its first item's bytes, so a page that repeats the previous one is noticed.
                FirstItemHash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(data[start..(int)whole.BytesConsumed]));
            }

            if (JsonSerializer.Deserialize(ref reader, item) is { } value)
            {
                add(value);
            }

            Items++;
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
