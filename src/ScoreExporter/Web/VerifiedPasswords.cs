using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ScoreExporter.Web;

/// <summary>
/// Checks basic-auth passwords against the configured bcrypt hashes. bcrypt is slow on purpose (tens of ms at cost 10),
/// so a password once verified is remembered, as the exporter-toolkit does, and later scrapes cost a keyed hash and a
/// constant-time comparison. What is remembered is an HMAC of user, bcrypt hash and password under a key made at
/// start: no password is kept, and a changed hash no longer matches.
/// </summary>
public sealed class VerifiedPasswords
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> unknownUserHashes = new(StringComparer.Ordinal);

    // One bcrypt at a time: a flood of wrong passwords costs one core, not all of them.
    private readonly Lock bcrypt = new();

    public bool Verify(IReadOnlyDictionary<string, string> users, BasicCredentials credentials)
    {
        var known = users.TryGetValue(credentials.User, out var hash);

        // An unknown user costs a bcrypt of the same cost, so timing does not tell which users exist.
        hash ??= UnknownUserHash(users.Values.First());
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Digest(credentials.User, hash, credentials.Password, digest);
        if (known && verified.TryGetValue(credentials.User, out var remembered) && CryptographicOperations.FixedTimeEquals(remembered, digest))
        {
            return true;
        }

        bool matches;
        lock (bcrypt)
        {
            matches = Bcrypt(credentials.Password, hash);
        }

        if (matches && known)
        {
            verified[credentials.User] = digest.ToArray();
            return true;
        }

        return false;
    }

    /// <summary>HMAC-SHA256 of user, hash and password, each length-prefixed so no two triples read the same.</summary>
    private void Digest(string user, string hash, string password, Span<byte> digest)
    {
        var length = 12 + Encoding.UTF8.GetMaxByteCount(user.Length + hash.Length + password.Length);
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented ?? stackalloc byte[1024];
        var written = 0;
        foreach (var part in (ReadOnlySpan<string>)[user, hash, password])
        {
            var size = Encoding.UTF8.GetBytes(part, buffer[(written + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[written..], size);
            written += 4 + size;
        }

        HMACSHA256.HashData(key, buffer[..written], digest);
        buffer[..written].Clear();
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool Bcrypt(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    /// <summary>A hash of a random password at the cost of <paramref name="like"/>'s (the number in "$2y$NN$...").</summary>
    private string UnknownUserHash(string like) => unknownUserHashes.GetOrAdd(like.Split('$')[2], cost =>
        BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), int.Parse(cost, CultureInfo.InvariantCulture)));
}
