using System.Text.RegularExpressions;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Looks for credentials everywhere an exporter shows text: captured logs (with exception text), /metrics in
/// both formats, and the landing page. Tokens and client assertions are found by shape, so one the test never
/// saw (a retry's, a refreshed one) is caught too.
/// </summary>
internal static partial class SecretScan
{
    public static async Task AssertCleanAsync(TestExporter exporter, IEnumerable<string> secrets, params string[] clientIds)
    {
        using var openMetrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        openMetrics.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0");
        using var openMetricsResponse = await exporter.Http.SendAsync(openMetrics);
        var surfaces = new Dictionary<string, string>
        {
            ["logs"] = exporter.Logs.Text,
            ["/metrics"] = await exporter.Http.GetStringAsync("/metrics"),
            ["/metrics (OpenMetrics)"] = await openMetricsResponse.Content.ReadAsStringAsync(),
            ["landing page"] = await exporter.Http.GetStringAsync("/"),
        };

        foreach (var (surface, text) in surfaces)
        {
            foreach (var secret in secrets.Where(s => s.Length > 0))
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret appears in the {surface}");
            }

            foreach (var clientId in clientIds)
            {
                Assert.False(text.Contains(clientId, StringComparison.OrdinalIgnoreCase), $"the client id appears in the {surface}");
            }

            Assert.False(SimulatorToken().IsMatch(text), $"an access token appears in the {surface}");
            Assert.False(Jwt().IsMatch(text), $"a JWT (client assertion or token) appears in the {surface}");
            Assert.False(text.Contains("Bearer ", StringComparison.OrdinalIgnoreCase), $"an Authorization header appears in the {surface}");
        }
    }

    // The simulator's access tokens: "sim." and 43 base64url characters.
    [GeneratedRegex(@"sim\.[A-Za-z0-9_-]{20,}")]
    private static partial Regex SimulatorToken();

    // A JWT's header and payload: base64url JSON objects.
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}")]
    private static partial Regex Jwt();
}
