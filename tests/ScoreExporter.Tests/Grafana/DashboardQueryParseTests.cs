using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Grafana;

/// <summary>Every dashboard query, with its variables substituted, is accepted by a real Prometheus (parsed and type-checked).</summary>
public sealed class DashboardQueryParseTests
{
    [Fact]
    public async Task Every_panel_query_parses_in_prometheus()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var temp = new TempDirectory();
        await using var prometheus = await PrometheusServer.StartAsync(temp.Path, temp.File("data"), $"""
            global:
              evaluation_interval: 1s
            rule_files:
              - {RuleFile.ShippedPath}
            """, bound.Token);

        // The check itself can fail: Prometheus rejects what does not parse.
        await Assert.ThrowsAsync<PromQLException>(() => prometheus.QueryAsync("sum(defender_up", bound.Token));

        var rejected = new List<string>();
        var queries = Dashboard.LoadShipped().Queries.ToList();
        foreach (var (variant, variables) in DashboardVariants.For("score-exporter", "contoso", "contoso", "fabrikam"))
        {
            foreach (var query in queries)
            {
                var expr = variables.Substitute(query, TimeSpan.FromSeconds(20));
                try
                {
                    await prometheus.QueryAsync(expr, bound.Token);
                }
                catch (PromQLException e)
                {
                    rejected.Add($"{query} ({variant}): {e.Message}");
                }
            }
        }

        Assert.NotEmpty(queries);
        Assert.True(rejected.Count == 0, string.Join('\n', rejected));
    }
}
