using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// A JSON writer straight onto the response (or a buffer), flushed every few tens of kilobytes: a page of
/// 10,000 machines or a multi-megabyte string never sits in the simulator's memory whole.
/// </summary>
internal sealed class StreamingJson : IAsyncDisposable
{
    private const int FlushAt = 32 * 1024;
    private const int SegmentChars = 8 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        // Non-ASCII as it is, as the service writes it; control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly PipeWriter? pipe;
    private readonly CancellationToken cancellationToken;
    private long flushedUpTo;

    private StreamingJson(IBufferWriter<byte> output, PipeWriter? pipe, CancellationToken cancellationToken)
    {
        Writer = new Utf8JsonWriter(output, Options);
        this.pipe = pipe;
        this.cancellationToken = cancellationToken;
    }

    public Utf8JsonWriter Writer { get; }

    public static StreamingJson ToResponse(HttpContext context) =>
        new(context.Response.BodyWriter, context.Response.BodyWriter, context.RequestAborted);

    public static StreamingJson ToBuffer(ArrayBufferWriter<byte> buffer) => new(buffer, null, CancellationToken.None);

    /// <summary>Sends what is written so far once it is worth a network write.</summary>
    /// <remarks>
    /// Counted from what the writer has handed to the output: the writer hands over a few kilobytes at a time on its
    /// own, and those bytes sit in the response pipe until it is flushed.
    /// </remarks>
    public ValueTask FlushIfFullAsync() =>
        Writer.BytesCommitted + Writer.BytesPending - flushedUpTo >= FlushAt ? FlushAsync() : ValueTask.CompletedTask;

    public async ValueTask FlushAsync()
    {
        Writer.Flush();
        flushedUpTo = Writer.BytesCommitted;
        if (pipe is not null && await pipe.FlushAsync(cancellationToken) is { IsCompleted: true } or { IsCanceled: true })
        {
            // The client went away: stop generating.
            throw new OperationCanceledException("The client stopped reading.");
        }
    }

    /// <summary>A string value of <paramref name="length"/> characters, written in segments so it is never held whole.</summary>
    public async ValueTask WriteLongStringAsync(JsonEncodedText name, string prefix, long length)
    {
        Writer.WritePropertyName(name);
        Writer.WriteStringValueSegment(prefix, isFinalSegment: false);
        var filler = new string('x', SegmentChars);
        for (var left = length - prefix.Length; left > 0; left -= SegmentChars)
        {
            Writer.WriteStringValueSegment(filler.AsSpan(0, (int)Math.Min(SegmentChars, left)), isFinalSegment: false);
            await FlushIfFullAsync();
        }

        Writer.WriteStringValueSegment(ReadOnlySpan<char>.Empty, isFinalSegment: true);
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        await Writer.DisposeAsync();
    }
}
