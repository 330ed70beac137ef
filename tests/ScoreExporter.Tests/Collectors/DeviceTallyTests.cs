using ScoreExporter.Collectors;

namespace ScoreExporter.Tests.Collectors;

public sealed class DeviceTallyTests
{
    [Fact]
    public void Hostile_label_values_are_folded_so_the_series_stay_bounded_and_no_device_is_lost()
    {
        var tally = new DeviceTally();
        for (var i = 0; i < 50_000; i++)
        {
            tally.Add(new Machine($"os-{i}", $"health-{i % 40}", "onboarded", "Low", "Medium", $"group-{i}\n\u0007{new string('x', 500)}"));
        }

        var samples = tally.ToSamples();

        Assert.Equal(50_000, samples.Sum(s => s.Value));
        Assert.InRange(samples.Count, 1, DeviceTally.MaxCombinations + 1);
        Assert.All(samples, s => Assert.All(s.Labels, label =>
        {
            Assert.InRange(label.Length, 1, LabelValue.MaxLength);
            Assert.DoesNotContain(label, c => char.IsControl(c));
        }));
        Assert.InRange(samples.Select(s => s.Labels[0]).Distinct().Count(), 1, DeviceTally.MaxGroups + 1);
        Assert.InRange(samples.Select(s => s.Labels[1]).Distinct().Count(), 1, DeviceTally.MaxPlatforms + 1);
        Assert.Contains(samples, s => s.Labels[1] == LabelValue.Other);
    }

    [Fact]
    public void Devices_without_a_group_or_a_value_are_still_counted()
    {
        var tally = new DeviceTally();
        tally.Add(new Machine(null, null, null, null, null, null));
        tally.Add(new Machine("Linux", "Active", "onboarded", "None", "Low", "  "));

        var samples = tally.ToSamples();

        Assert.Equal(2, samples.Sum(s => s.Value));
        Assert.All(samples, s => Assert.Equal(LabelValue.None, s.Labels[0]));
    }

    [Theory]
    [InlineData("Group One", "Group One")]
    [InlineData("  padded  ", "padded")]
    [InlineData("tab\there", "tab?here")]
    [InlineData("emoji 🛡️ group", "emoji 🛡️ group")]
    [InlineData("", LabelValue.None)]
    [InlineData(null, LabelValue.None)]
    public void Label_values_are_printable_and_trimmed(string? raw, string expected)
    {
        Assert.Equal(expected, LabelValue.Clean(raw));
    }

    [Fact]
    public void Long_label_values_are_cut_without_splitting_a_surrogate_pair()
    {
        var clean = LabelValue.Clean(new string('a', LabelValue.MaxLength - 1) + "🛡");

        Assert.Equal(LabelValue.MaxLength - 1, clean.Length);
        Assert.False(char.IsHighSurrogate(clean[^1]));
    }
}
