using System.Text.Json;
using ScoreExporter.Collectors;

namespace ScoreExporter.Tests.Collectors;

/// <summary>Device group ids as real answers, the Score resource and its example give them: a number, a string, or none.</summary>
public sealed class DeviceGroupScoresTests
{
    [Fact]
    public void A_group_id_as_a_number_a_string_null_or_absent_in_one_answer_is_its_text_or_an_empty_label()
    {
        const string Body = """
            {"@odata.context":"https://api.security.microsoft.com/api/$metadata#ExposureScore","value":[
              {"time":"2026-12-05T07:00:00Z","score":41.38,"rbacGroupName":"Servers","rbacGroupId":10},
              {"time":"2026-12-05T07:00:00Z","score":12.5,"rbacGroupName":"Laptops","rbacGroupId":"11"},
              {"time":"2026-12-05T07:00:00Z","score":7,"rbacGroupName":"Kiosks","rbacGroupId":null},
              {"time":"2026-12-05T07:00:00Z","score":3,"rbacGroupName":"Lab"}
            ]}
            """;

        var body = JsonSerializer.Deserialize(Body, CollectorJson.Default.GroupScoresBody)!;
        var result = DeviceGroupExposureScoreCollector.ToSamples(body);

        Assert.Null(result.Failure);
        Assert.Equal(
            ["Servers|10|41.38", "Laptops|11|12.5", "Kiosks||7", "Lab||3"],
            result.Samples.Select(s => string.Join('|', s.Labels) + "|" + s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{\"id\":10}")]
    [InlineData("[10]")]
    public void A_group_id_that_is_neither_a_string_nor_a_number_is_refused(string id)
    {
        var body = $$"""{"value":[{"score":1,"rbacGroupName":"Servers","rbacGroupId":{{id}}}]}""";

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(body, CollectorJson.Default.GroupScoresBody));
    }
}
