namespace DefenderSimulator;

/// <summary>
/// Hashes that are the same in every process and run (string hashes are randomised per process), so generated
/// tenants, groups and machines look the same every time.
/// </summary>
internal static class StableHash
{
    /// <summary>FNV-1a over the text, ignoring case.</summary>
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text.ToUpperInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>SplitMix64 of the three inputs: independent-looking values per (seed, index, field).</summary>
    public static ulong Mix(long seed, long index, int salt)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ unchecked((ulong)index * 0xBF58476D1CE4E5B9UL) ^ ((ulong)(uint)salt << 32);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A phase in [0, 2π) for drifting values.</summary>
    public static double Phase(string text) => Of(text) / (double)uint.MaxValue * 2 * Math.PI;
}
