using ScoreExporter.Collectors;

namespace ScoreExporter.Tests.Collectors;

/// <summary>A Secure Score snapshot as samples: bases and categories in one casing, unknown ones kept, every series bounded.</summary>
public sealed class SecureScoreTallyTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] ThreeCategories = ["Identity", "Data", "Device"];

    [Fact]
    public void Bases_in_any_casing_are_one_series_each_and_an_unknown_basis_is_kept_under_its_own_value()
    {
        var snapshot = new SecureScoreSnapshot(Created, 50, 100,
            [new("allTenants", 41), new("TOTALSEATS", 39), new("IndustryTypes", 44), new("regionTypes", 47), new("AllTenants", 99)],
            []);

        var samples = SecureScoreTally.ToSamples(snapshot, new Dictionary<string, double>(), perControl: false);

        Assert.Equal(
            ["AllTenants=41", "TotalSeats=39", "IndustryTypes=44", "RegionTypes=47"],
            samples.Where(s => s.Series == SecureScoreCollector.Comparative).Select(s => $"{s.Labels[0]}={s.Value}"));
    }

    [Fact]
    public void Past_the_bound_bases_fold_into_other_and_stay_within_the_declared_series()
    {
        var averages = Enumerable.Range(0, 100).Select(i => new ComparativeScore($"basis{i}", i)).ToArray();
        var snapshot = new SecureScoreSnapshot(Created, 50, 100, averages, []);

        var comparative = SecureScoreTally.ToSamples(snapshot, new Dictionary<string, double>(), perControl: false)
            .Where(s => s.Series == SecureScoreCollector.Comparative).ToArray();

        Assert.Equal(SecureScoreCollector.Comparative.MaxPerTenant, comparative.Length);
        Assert.Contains(comparative, s => s.Labels[0] == LabelValue.Other);
    }

    [Fact]
    public void One_control_name_under_many_categories_stays_within_the_declared_per_control_series_and_loses_no_point()
    {
        // 600 names under 3 categories each: 1,800 (category, control) pairs, fewer names than the name bound.
        var controls = Enumerable.Range(0, 600)
            .SelectMany(i => ThreeCategories.Select(c => new ControlScore(c, $"control{i}", 1)))
            .ToArray();
        var maxima = controls.Select(c => c.ControlName!).Distinct().ToDictionary(n => n, _ => 2.0);
        var snapshot = new SecureScoreSnapshot(Created, 1_800, 3_600, [], controls);

        var samples = SecureScoreTally.ToSamples(snapshot, maxima, perControl: true);

        var points = samples.Where(s => s.Series == SecureScoreCollector.Control).ToArray();
        var max = samples.Where(s => s.Series == SecureScoreCollector.ControlMax).ToArray();
        Assert.Equal(SecureScoreCollector.Control.MaxPerTenant, points.Length);
        Assert.Equal(SecureScoreCollector.ControlMax.MaxPerTenant, max.Length);
        Assert.Equal(1_800, points.Sum(s => s.Value));
        Assert.Equal(3_600, max.Sum(s => s.Value));
        Assert.Equal(points.Length, points.Select(s => string.Join('|', s.Labels)).Distinct().Count());
    }

    [Fact]
    public void Categories_in_any_casing_sum_together_and_an_unknown_one_is_kept()
    {
        ControlScore[] controls = [new("identity", "a", 1), new("IDENTITY", "b", 2), new("Cloud", "c", 4), new(null, "d", 8)];
        var snapshot = new SecureScoreSnapshot(Created, 15, 20, [], controls);

        var samples = SecureScoreTally.ToSamples(snapshot, new Dictionary<string, double> { ["a"] = 5, ["c"] = 6 }, perControl: false);

        Assert.Equal(
            ["(none)=8", "Cloud=4", "Identity=3"],
            samples.Where(s => s.Series == SecureScoreCollector.Category).Select(s => $"{s.Labels[0]}={s.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(
            ["(none)=0", "Cloud=6", "Identity=5"],
            samples.Where(s => s.Series == SecureScoreCollector.CategoryMax).Select(s => $"{s.Labels[0]}={s.Value}").Order(StringComparer.Ordinal));
    }
}
