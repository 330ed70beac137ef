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
    public void Combinations_past_the_bound_fold_into_other_and_every_device_is_still_counted()
    {
        // 400 groups x 12 platforms: more than twice the bound of distinct combinations, each label within its own bound.
        const int Groups = 400;
        const int Platforms = 12;
        Assert.True(Groups * Platforms > 2 * DeviceTally.MaxCombinations);
        var tally = new DeviceTally();
        var added = 0;
        for (var round = 0; round < 2; round++)
        {
            for (var g = 0; g < Groups; g++)
            {
                for (var p = 0; p < Platforms; p++)
                {
                    tally.Add(new Machine($"os-{p}", "Active", "Onboarded", "Low", "Medium", $"group-{g}"));
                    added++;
                }
            }
        }

        var samples = tally.ToSamples();

        Assert.Equal(added, samples.Sum(s => s.Value));
        Assert.Equal(DeviceTally.MaxCombinations + 1, samples.Count);
        var other = Assert.Single(samples, s => s.Labels.All(l => l == LabelValue.Other));
        Assert.Equal(added - (2 * DeviceTally.MaxCombinations), other.Value);

        // The combinations seen first keep their own series and both rounds of their devices.
        Assert.All(samples.Where(s => s != other), s => Assert.Equal(2, s.Value));
        Assert.Contains(samples, s => s.Labels[0] == "group-0" && s.Labels[1] == "os-0");
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
