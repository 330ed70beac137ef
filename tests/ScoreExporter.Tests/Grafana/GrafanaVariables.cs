using System.Text;
using System.Text.RegularExpressions;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// Substitutes dashboard variables into a query the way Grafana's Prometheus data source does: a multi-value or
/// include-all variable becomes a regex-escaped value, "(a|b)" for several, or its allValue for All; the built-in
/// $__rate_interval is max($__interval + scrape interval, 4 x scrape interval) with the panel's min interval.
/// </summary>
public sealed partial class GrafanaVariables
{
    /// <summary>Grafana's default "scrape interval" of a Prometheus data source.</summary>
    public static readonly TimeSpan DataSourceScrapeInterval = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public GrafanaVariables Select(string name, params string[] selected)
    {
        values[name] = selected.Length == 1 ? RegexEscape(selected[0]) : "(" + string.Join('|', selected.Select(RegexEscape)) + ")";
        return this;
    }

    public GrafanaVariables All(string name, string allValue)
    {
        values[name] = allValue;
        return this;
    }

    public GrafanaVariables Set(string name, string value)
    {
        values[name] = value;
        return this;
    }

    public string Substitute(PanelQuery query, TimeSpan autoInterval)
    {
        var interval = Max(autoInterval, query.MinInterval is { } min ? ParseDuration(min) : TimeSpan.Zero);
        var rateInterval = Max(interval + DataSourceScrapeInterval, 4 * DataSourceScrapeInterval);
        var builtIns = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__rate_interval"] = $"{(long)rateInterval.TotalSeconds}s",
            ["__interval"] = $"{(long)interval.TotalSeconds}s",
        };

        return Reference().Replace(query.Expr, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return builtIns.GetValueOrDefault(name) ?? values.GetValueOrDefault(name)
                ?? throw new InvalidOperationException($"{query}: no value for ${name}");
        });
    }

    /// <summary>Names of the variables a query refers to, built-ins included.</summary>
    public static IEnumerable<string> ReferencedBy(string expr) =>
        Reference().Matches(expr).Select(m => m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value).Distinct();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan ParseDuration(string text)
    {
        var match = Duration().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"not a Grafana interval: {text}");
        }

        var n = int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
    }

    // Inside a double-quoted PromQL string a regex backslash is written twice.
    private static string RegexEscape(string value)
    {
        var escaped = new StringBuilder();
        foreach (var c in value)
        {
            if (@"\^$.|?*+()[]{}".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append(@"\\");
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    [GeneratedRegex(@"\$(?:\{(?<braced>\w+)\}|(?<plain>\w+))")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^(?<n>\d+)(?<unit>[smhd])$")]
    private static partial Regex Duration();
}
