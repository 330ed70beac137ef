using System.Text.RegularExpressions;
using ScoreExporter.Configuration;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Configuration;

/// <summary>Each cloud's hosts and token scopes are the ones README's table gives, the default API host included.</summary>
public sealed partial class CloudEndpointsTests
{
    [Fact]
    public void The_commercial_cloud_calls_api_security_microsoft_com_with_the_securitycenter_scope()
    {
        var commercial = CloudEndpoints.For(DefenderCloud.Commercial);

        Assert.Equal(new Uri("https://api.security.microsoft.com/"), commercial.Defender.BaseUrl);
        Assert.Equal("https://api.securitycenter.microsoft.com/.default", commercial.Defender.Scope);
        Assert.Equal("https://graph.microsoft.com/.default", commercial.Graph.Scope);
    }

    [Fact]
    public void Every_cloud_has_the_hosts_and_scopes_of_the_readme_table()
    {
        var rows = File.ReadAllLines(RepoPaths.Combine("README.md"))
            .Select(line => TableRow().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["cloud"].Value, m => m);

        Assert.Equal(Enum.GetNames<DefenderCloud>().Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var cloud in Enum.GetValues<DefenderCloud>())
        {
            var endpoints = CloudEndpoints.For(cloud);
            var row = rows[cloud.ToString()];
            Assert.Equal(new Uri(row.Groups["api"].Value), endpoints.Defender.BaseUrl);
            Assert.Equal(row.Groups["scope"].Value, endpoints.Defender.Scope);
            Assert.Equal(new Uri(row.Groups["graph"].Value), endpoints.Graph.BaseUrl);
            Assert.Equal(row.Groups["graph"].Value + "/.default", endpoints.Graph.Scope);
            Assert.Equal(row.Groups["signin"].Value, endpoints.AuthorityHost.Host);
        }
    }

    // | `Cloud` | `api` (remarks) | `scope` | `graph` | `sign-in host` |
    [GeneratedRegex(@"^\| `(?<cloud>\w+)` \| `(?<api>https://[^`]+)`[^|]* \| `(?<scope>[^`]+)` \| `(?<graph>https://[^`]+)` \| `(?<signin>[^`]+)` \|$")]
    private static partial Regex TableRow();
}
