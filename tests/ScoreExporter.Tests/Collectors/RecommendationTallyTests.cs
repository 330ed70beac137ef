using System.Text;
using ScoreExporter.Collectors;

namespace ScoreExporter.Tests.Collectors;

/// <summary>Recommendation bodies through the streaming reader into the tally: strict numbers, canonical enums, a deterministic top N.</summary>
public sealed class RecommendationTallyTests
{
    [Fact]
    public async Task Microsofts_own_example_is_refused_and_its_valid_form_is_counted()
    {
        var refused = await ReadAsync(RecommendationBodies.MicrosoftExample, new RecommendationTally(10));
        Assert.NotNull(refused.Invalid);

        var tally = new RecommendationTally(10);
        var read = await ReadAsync(RecommendationBodies.Page(RecommendationBodies.Item()), tally);

        Assert.Null(read.Invalid);
        Assert.Null(tally.Problem);
        var samples = tally.ToSamples();
        Assert.Equal(1, Value(samples, RecommendationsCollector.Recommendations, "Application", "Update", "Active", "true"));
        Assert.Equal(7, Value(samples, RecommendationsCollector.ExposedDevices, "Application", "Update", "Active", "true"));
        Assert.Equal(0, Value(samples, RecommendationsCollector.ScoreImpact, "Application"));
        Assert.Equal(7.674418604651163, Value(samples, RecommendationsCollector.ExposureImpact, "Application"));
        Assert.Equal(7, Value(samples, RecommendationsCollector.TopExposedDevices, "Application", "va-_-microsoft-_-windows_10", "Update Windows 10"));
    }

    [Theory]
    [InlineData("configScoreImpact")]
    [InlineData("exposureImpact")]
    [InlineData("exposedMachinesCount")]
    public async Task A_missing_null_or_quoted_number_makes_the_page_invalid_never_a_zero(string field)
    {
        var item = RecommendationBodies.Item();
        var withoutField = System.Text.RegularExpressions.Regex.Replace(item, $"\"{field}\": [^,}}]+,?", string.Empty);
        var asNull = System.Text.RegularExpressions.Regex.Replace(item, $"\"{field}\": [^,}}]+", $"\"{field}\": null");
        var quoted = System.Text.RegularExpressions.Regex.Replace(item, $"\"{field}\": ([^,}}]+)", $"\"{field}\": \"$1\"");
        Assert.NotEqual(item, withoutField);

        foreach (var body in new[] { withoutField, asNull, quoted })
        {
            var read = await ReadAsync(RecommendationBodies.Page(RecommendationBodies.Item(id: "fine"), body), new RecommendationTally(10));
            Assert.NotNull(read.Invalid);
        }
    }

    [Fact]
    public async Task A_negative_number_is_a_problem_of_the_answer()
    {
        var tally = new RecommendationTally(10);
        var read = await ReadAsync(RecommendationBodies.Page(RecommendationBodies.Item(exposedMachinesCount: "-1")), tally);

        Assert.Null(read.Invalid);
        Assert.Contains("negative", tally.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enums_take_their_documented_spelling_unknown_ones_are_kept_and_public_exploit_may_be_absent()
    {
        var tally = new RecommendationTally(10);
        var absentExploit = RecommendationBodies.Item(id: "c", category: "Cloud").Replace("\"publicExploit\": true,", string.Empty, StringComparison.Ordinal);
        await ReadAsync(RecommendationBodies.Page(
            RecommendationBodies.Item(id: "a", category: "os", remediation: "configurationchange", status: "active"),
            RecommendationBodies.Item(id: "b", category: "SECURITYCONTROLS", status: "EXCEPTION", publicExploit: "false"),
            absentExploit), tally);

        var samples = tally.ToSamples();

        Assert.Equal(1, Value(samples, RecommendationsCollector.Recommendations, "OS", "ConfigurationChange", "Active", "true"));
        Assert.Equal(1, Value(samples, RecommendationsCollector.Recommendations, "SecurityControls", "Update", "Exception", "false"));
        Assert.Equal(1, Value(samples, RecommendationsCollector.Recommendations, "Cloud", "Update", "Active", "unknown"));
        Assert.Null(Value(samples, RecommendationsCollector.ScoreImpact, "SecurityControls"));
    }

    [Fact]
    public async Task Only_exposed_ones_are_counted_and_only_active_ones_summed_and_ranked()
    {
        var tally = new RecommendationTally(10);
        await ReadAsync(RecommendationBodies.Page(
            RecommendationBodies.Item(id: "unexposed", exposedMachinesCount: "0", configScoreImpact: "1.5", exposureImpact: "0"),
            RecommendationBodies.Item(id: "exception", status: "Exception", configScoreImpact: "4", exposureImpact: "9"),
            RecommendationBodies.Item(id: "active", configScoreImpact: "2.25", exposureImpact: "3", exposedMachinesCount: "5")), tally);

        var samples = tally.ToSamples();

        Assert.Equal(1, Value(samples, RecommendationsCollector.Recommendations, "Application", "Update", "Active", "true"));
        Assert.Equal(5, Value(samples, RecommendationsCollector.ExposedDevices, "Application", "Update", "Active", "true"));
        Assert.Equal(1, Value(samples, RecommendationsCollector.Recommendations, "Application", "Update", "Exception", "true"));
        Assert.Equal(3.75, Value(samples, RecommendationsCollector.ScoreImpact, "Application"));
        Assert.Equal(3, Value(samples, RecommendationsCollector.ExposureImpact, "Application"));
        Assert.Equal(["active", "unexposed"], samples.Where(s => s.Series == RecommendationsCollector.TopExposedDevices).Select(s => s.Labels[1]));
    }

    [Fact]
    public void The_top_n_is_the_same_whatever_the_order_and_ties_go_to_the_lower_id()
    {
        var entries = Enumerable.Range(0, 500)
            .Select(i => new TopRecommendations.Entry(ExposureImpact: i % 50, "OS", $"id-{i:D3}", $"name {i}", ExposedDevices: i))
            .ToArray();
        var expected = entries.OrderByDescending(e => e.ExposureImpact).ThenBy(e => e.Id, StringComparer.Ordinal).Take(10).ToArray();

        foreach (var seed in new[] { 1, 2, 3 })
        {
            var top = new TopRecommendations(10);
            foreach (var entry in entries.OrderBy(_ => Random.Shared.Next()).ThenBy(e => seed))
            {
                top.Offer(entry);
            }

            Assert.Equal(expected, top.Ranked);
        }

        Assert.Equal(["id-049", "id-099", "id-149"], expected.Take(3).Select(e => e.Id));
    }

    [Fact]
    public void Two_entries_with_the_same_labels_are_one_series_the_better_ranked_standing()
    {
        var top = new TopRecommendations(3);
        top.Offer(new TopRecommendations.Entry(1, "OS", "same", "name", 10));
        top.Offer(new TopRecommendations.Entry(5, "OS", "same", "name", 50));
        top.Offer(new TopRecommendations.Entry(2, "OS", "same", "name", 20));
        top.Offer(new TopRecommendations.Entry(3, "OS", "other", "name", 30));

        Assert.Equal([50L, 30L], top.Ranked.Select(e => e.ExposedDevices));
    }

    [Fact]
    public void Top_0_keeps_nothing()
    {
        var top = new TopRecommendations(0);
        top.Offer(new TopRecommendations.Entry(1, "OS", "id", "name", 10));

        Assert.Empty(top.Ranked);
    }

    [Fact]
    public async Task Hostile_ids_and_names_are_cleaned_and_categories_bounded()
    {
        var tally = new RecommendationTally(RecommendationsCollector.MaxTopN);
        var items = Enumerable.Range(0, 200).Select(i => RecommendationBodies.Item(
            id: $"id-{i}\\u0007\\n" + new string('x', 300), name: $"<b>name\\t{i}</b>", category: $"cat-{i}", exposureImpact: (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await ReadAsync(RecommendationBodies.Page([.. items]), tally);
        var samples = tally.ToSamples();

        Assert.Equal(RecommendationsCollector.MaxTopN, samples.Count(s => s.Series == RecommendationsCollector.TopExposedDevices));
        Assert.InRange(samples.Where(s => s.Series == RecommendationsCollector.ScoreImpact).Count(), 1, RecommendationTally.MaxEnumValues + 1);
        Assert.All(samples.SelectMany(s => s.Labels), label =>
        {
            Assert.InRange(label.Length, 1, LabelValue.MaxLength);
            Assert.DoesNotContain(label, c => char.IsControl(c));
        });
    }

    private static double? Value(IReadOnlyList<Sample> samples, PostureSeries series, params string[] labels) =>
        samples.Where(s => s.Series == series && s.Labels.SequenceEqual(labels)).Select(s => (double?)s.Value).SingleOrDefault();

    private static Task<ScoreExporter.Defender.BodyRead<ListPage>> ReadAsync(string body, RecommendationTally tally) =>
        ListPageReader.ReadAsync(new StringContent(body, Encoding.UTF8), CollectorJson.Default.Recommendation, tally.Add, CancellationToken.None);
}
