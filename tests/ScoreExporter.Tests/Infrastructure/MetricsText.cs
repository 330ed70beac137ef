using System.Globalization;
using System.Text;

namespace ScoreExporter.Tests.Infrastructure;

/// <summary>A parsed Prometheus text exposition (0.0.4): samples with labels, and each family's TYPE and HELP.</summary>
public sealed class MetricsText
{
    private MetricsText(string raw, IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, string> types, IReadOnlyDictionary<string, string> help)
    {
        Raw = raw;
        Samples = samples;
        Types = types;
        Help = help;
    }

    public string Raw { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyDictionary<string, string> Help { get; }

    public static MetricsText Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        var help = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                types[parts[0]] = parts[1];
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                help[rest[..space]] = rest[(space + 1)..];
            }
            else if (!line.StartsWith('#'))
            {
                samples.Add(Sample.Parse(line));
            }
        }

        return new MetricsText(text, samples, types, help);
    }

    public IEnumerable<Sample> All(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The one sample with this name and labels, or null.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels) =>
        All(name, labels).Select(s => (double?)s.Value).SingleOrDefault();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public static Sample Parse(string line)
        {
            var labels = new Dictionary<string, string>();
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            string name;
            int valueStart;
            if (brace < 0)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                name = line[..space];
                valueStart = space + 1;
            }
            else
            {
                name = line[..brace];
                var i = brace + 1;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    var key = line[i..eq];
                    i = eq + 2; // past ="
                    var value = new StringBuilder();
                    while (line[i] != '"')
                    {
                        if (line[i] == '\\')
                        {
                            i++;
                            value.Append(line[i] switch { 'n' => '\n', var c => c });
                        }
                        else
                        {
                            value.Append(line[i]);
                        }

                        i++;
                    }

                    labels[key] = value.ToString();
                    i++; // past closing quote
                    if (line[i] == ',')
                    {
                        i++;
                    }
                }

                valueStart = i + 2;
            }

            var valueText = line[valueStart..].Split(' ')[0];
            var parsed = valueText switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(valueText, CultureInfo.InvariantCulture),
            };
            return new Sample(name, labels, parsed);
        }
    }
}
