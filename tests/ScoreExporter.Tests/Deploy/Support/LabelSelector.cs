using System.Text.Json.Nodes;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>
/// A Kubernetes label selector (matchLabels and matchExpressions) evaluated the way the API server and the
/// Prometheus Operator do, to tell which rendered objects a selector picks.
/// </summary>
public static class LabelSelector
{
    public static bool Matches(JsonNode selector, JsonNode? labels)
    {
        var present = labels?.AsObject().ToDictionary(l => l.Key, l => (string?)l.Value, StringComparer.Ordinal) ?? [];
        var matchLabels = selector["matchLabels"]?.AsObject() ?? [];
        if (!matchLabels.All(l => present.TryGetValue(l.Key, out var value) && value == (string?)l.Value))
        {
            return false;
        }

        return (selector["matchExpressions"]?.AsArray() ?? []).All(e => ExpressionMatches(e!, present));
    }

    private static bool ExpressionMatches(JsonNode expression, Dictionary<string, string?> labels)
    {
        var key = (string)expression["key"]!;
        var values = expression["values"]?.AsArray().Select(v => (string?)v).ToList() ?? [];
        var has = labels.TryGetValue(key, out var value);
        return (string?)expression["operator"] switch
        {
            "In" => has && values.Contains(value),
            // As in Kubernetes: an object without the key is not in the set, so NotIn picks it.
            "NotIn" => !has || !values.Contains(value),
            "Exists" => has,
            "DoesNotExist" => !has,
            var other => throw new InvalidOperationException($"unknown selector operator {other}"),
        };
    }
}
