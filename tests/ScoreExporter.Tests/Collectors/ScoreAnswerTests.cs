using System.Text;
using ScoreExporter.Collectors;

namespace ScoreExporter.Tests.Collectors;

public sealed class ScoreAnswerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_documented_body_parses()
    {
        var result = Parse("""{"@odata.context":"https://api.securitycenter.microsoft.com/api/$metadata#ConfigurationScore/$entity","time":"2019-12-03T09:15:58.1665846Z","score":340}""");

        Assert.True(result.IsValid);
        Assert.Equal(340, result.Score);
        Assert.Equal(new DateTimeOffset(2019, 12, 3, 9, 15, 58, TimeSpan.Zero).AddTicks(1665846), result.Time);
    }

    [Theory]
    [InlineData("""{"time":"2026-11-29T10:00:00Z","score":"340"}""")]
    [InlineData("""{"time":"2026-11-29T10:00:00Z","score":null}""")]
    [InlineData("""{"time":"2026-11-29T10:00:00Z","score":NaN}""")]
    [InlineData("""{"time":"2026-11-29T10:00:00Z","score":Infinity}""")]
    [InlineData("""{"time":"2026-11-29T10:00:00Z","score":-1}""")]
    [InlineData("""{"time":"2026-11-29T10:00:00Z","score":1e309}""")]
    [InlineData("""{"score":340}""")]
    [InlineData("""{"time":"yesterday","score":340}""")]
    [InlineData("""{"time":"2027-01-01T00:00:00Z","score":340}""")]
    [InlineData("""{"time":"2026-11-29T10:00:00Z","score":34""")]
    [InlineData("<html><body>Service Unavailable</body></html>")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    public void Broken_bodies_are_invalid_without_throwing(string body)
    {
        Assert.False(Parse(body).IsValid);
    }

    [Fact]
    public void Unknown_fields_and_huge_finite_scores_are_accepted()
    {
        var result = Parse("""{"time":"2026-11-29T10:00:00Z","score":1e308,"extra":{"nested":[1,2,3]}}""");

        Assert.True(result.IsValid);
        Assert.Equal(1e308, result.Score);
    }

    [Fact]
    public void Deeply_nested_json_is_invalid()
    {
        var body = "{\"time\":\"2026-11-29T10:00:00Z\",\"score\":1,\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.False(Parse(body).IsValid);
    }

    [Fact]
    public void Invalid_utf8_is_invalid()
    {
        Assert.False(Parse([0x7B, 0xFF, 0xFE, 0x7D]).IsValid);
    }

    private static Parsed Parse(string body) => Parse(Encoding.UTF8.GetBytes(body));

    private static Parsed Parse(byte[] body)
    {
        var read = ScoreAnswer.Parse(body, Now);
        return new Parsed(read.Invalid is null, read.Value?.Score ?? double.NaN, read.Value?.Time ?? default);
    }

    private readonly record struct Parsed(bool IsValid, double Score, DateTimeOffset Time);
}
