using System.Globalization;

namespace DefenderSimulator;

/// <summary>
/// Builds short text in a caller's stack buffer. Unlike an interpolated string handler it never boxes a number,
/// not even in code the JIT has not optimised yet: a large machine page is written without a heap allocation.
/// </summary>
internal ref struct CharBuffer(Span<char> buffer)
{
    private readonly Span<char> buffer = buffer;
    private int length;

    public readonly ReadOnlySpan<char> Text => buffer[..length];

    public CharBuffer Append(ReadOnlySpan<char> text)
    {
        text.CopyTo(buffer[length..]);
        length += text.Length;
        return this;
    }

    public CharBuffer Append(ulong value, ReadOnlySpan<char> format = default)
    {
        value.TryFormat(buffer[length..], out var written, format, CultureInfo.InvariantCulture);
        length += written;
        return this;
    }
}
