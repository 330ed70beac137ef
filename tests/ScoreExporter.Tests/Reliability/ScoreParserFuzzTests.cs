using System.Text;
using CsCheck;
using ScoreExporter.Collectors;
using ScoreExporter.Defender;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Property tests of the response parser on random, mutated and adversarially built bodies: whatever arrives, it
/// never throws, and whatever it accepts is a finite, non-negative score with a time not in the future.
/// CsCheck prints the seed of a failing case; set CsCheck_Seed to replay it.
/// </summary>
public sealed class ScoreParserFuzzTests
{
    private const int Iterations = 20_000;
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Documented = Encoding.UTF8.GetBytes(
        """{"@odata.context":"https://api.securitycenter.microsoft.com/api/$metadata#ConfigurationScore/$entity","time":"2026-11-29T09:15:58.1665846Z","score":340}""");

    // Bytes a mutation splices in: JSON punctuation, number and literal characters, and bytes invalid in UTF-8.
    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes("{}[]\":,-+eE.0123456789ntrufalsNI\\ /\t\n")
        .Concat(new byte[] { 0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xE2, 0xF0, 0xFE, 0xFF }).ToArray();

    private static readonly string[] ScoreTokens =
    [
        "340", "0", "-0", "-1", "1e308", "1.7976931348623157e308", "1e309", "-1e309", "2e-324", "4.9e-324", "1E+400",
        "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"340\"", "null", "true", "[]", "{}", "0x10",
        "1_000", "01", "+1", ".5", "5.", "1e", new string('9', 400), "9" + new string('0', 310), "0." + new string('0', 400) + "1",
    ];

    private static readonly string[] TimeTokens =
    [
        "\"2026-11-29T09:15:58.1665846Z\"", "\"2026-11-29T13:30:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"",
        "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\"", "\"yesterday\"", "\"\"",
        "null", "0", "1732870000", "\"2026-02-30T00:00:00Z\"", "\"2026-11-29\"", "\"2026-11-29T09:15:58+99:00\"",
    ];

    [Fact]
    public void Random_bytes_never_throw_and_never_yield_a_non_finite_score()
    {
        Gen.Byte.Array[0, 512].Sample(AssertSafe, iter: Iterations);
    }

    [Fact]
    public void Mutations_of_the_documented_body_never_throw_and_never_yield_a_non_finite_score()
    {
        var mutation = Gen.Select(Gen.Int[0, 4], Gen.Int[0, Documented.Length], Gen.Int[1, 16], Gen.Int[0, Interesting.Length - 1]);
        Gen.Select(mutation.Array[1, 8], mutations => Mutate(Documented, mutations))
            .Sample(AssertSafe, iter: Iterations / 2);
    }

    [Fact]
    public void Bodies_with_hostile_score_and_time_tokens_never_throw_and_never_yield_a_non_finite_score()
    {
        var field = Gen.Int[0, 2];
        Gen.Select(Gen.OneOf(ScoreTokens), Gen.OneOf(TimeTokens), field, field, (score, time, scoreCount, timeCount) =>
            {
                // Duplicated or missing fields are part of the attack surface too.
                var members = Enumerable.Repeat($"\"score\":{score}", scoreCount).Concat(Enumerable.Repeat($"\"time\":{time}", timeCount));
                return Encoding.UTF8.GetBytes("{" + string.Join(',', members) + "}");
            })
            .Sample(AssertSafe, iter: Iterations);
    }

    [Fact]
    public void Error_bodies_never_throw_out_of_the_error_code_reader()
    {
        Gen.Byte.Array[0, 256].Sample(body => ApiError.CodeOf(body), iter: Iterations);
        Gen.Select(Gen.OneOf(ScoreTokens), token => Encoding.UTF8.GetBytes($"{{\"error\":{{\"code\":{token},\"message\":{token}}}}}"))
            .Sample(body => ApiError.CodeOf(body), iter: 2_000);
    }

    private static void AssertSafe(byte[] body)
    {
        var result = ScoreAnswer.Parse(body, Now);
        if (result.Value is { } accepted)
        {
            Assert.True(double.IsFinite(accepted.Score) && accepted.Score >= 0, $"accepted score {accepted.Score} from {Show(body)}");
            Assert.True(accepted.Time != default && accepted.Time <= Now + ScoreChecks.AllowedClockSkew, $"accepted time {accepted.Time:o} from {Show(body)}");
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(result.Invalid));
        }
    }

    private static byte[] Mutate(byte[] original, (int Kind, int At, int Length, int Byte)[] mutations)
    {
        var body = new List<byte>(original);
        foreach (var (kind, at, length, value) in mutations)
        {
            var start = Math.Min(at, body.Count);
            var count = Math.Min(length, body.Count - start);
            switch (kind)
            {
                case 0 when start < body.Count: body[start] = Interesting[value]; break;
                case 1: body.Insert(start, Interesting[value]); break;
                case 2: body.RemoveRange(start, count); break;
                case 3: body.InsertRange(start, body.GetRange(start, count)); break;
                case 4 when start < body.Count: body[start] ^= (byte)(1 << (value % 8)); break;
            }
        }

        return body.ToArray();
    }

    // Readable in a failure message: invalid UTF-8 shows as U+FFFD, control characters as escapes.
    private static string Show(byte[] body) => System.Text.Json.JsonSerializer.Serialize(Encoding.UTF8.GetString(body));
}
