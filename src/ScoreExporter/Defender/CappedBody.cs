using System.Buffers;

namespace ScoreExporter.Defender;

/// <summary>
/// A response body read into a pooled buffer that grows as needed, up to a cap. It reads at most one byte past
/// the cap, so a huge body is recognised without being read whole.
/// </summary>
public sealed class CappedBody : IDisposable
{
    private const int InitialSize = 4096;
    private byte[] buffer;
    private int length;

    private CappedBody(byte[] buffer) => this.buffer = buffer;

    public bool OverCap { get; private set; }

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    public static async Task<CappedBody> ReadAsync(HttpContent content, int cap, CancellationToken cancellationToken)
    {
        var body = new CappedBody(ArrayPool<byte>.Shared.Rent(InitialSize));
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (body.length == body.buffer.Length)
                {
                    body.Grow(Math.Min(body.buffer.Length * 2, cap + 1));
                }

                var read = await stream.ReadAsync(body.buffer.AsMemory(body.length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return body;
                }

                body.length += read;
                if (body.length > cap)
                {
                    body.OverCap = true;
                    return body;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        length = 0;
    }

    private void Grow(int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
