using System.Globalization;
using System.Net;
using System.Text.Json;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Simulator;

/// <summary>Graph's <c>/security/incidents</c>: shape, casing, filters, <c>$count</c>, paging by nextLink, many open incidents.</summary>
public sealed class SimulatorIncidentsTests : IAsyncLifetime, IDisposable
{
    private const string OpenFilter = "v1.0/security/incidents?$filter=status%20ne%20'resolved'";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 10, 17, 0, TimeSpan.Zero));
    private SimulatorServer simulator = null!;
    private SimulatedTenant tenant = null!;
    private SimulatorHttp http = null!;
    private string token = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        http = new SimulatorHttp(simulator);
        token = await http.GraphTokenAsync(tenant);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Open_incidents_come_newest_first_in_pages_of_50_with_mixed_casing_and_unassigned_ones()
    {
        tenant.Incidents.OpenCount = 400;
        tenant.Incidents.ResolvedCount = 600;

        var incidents = await ReadAllAsync(OpenFilter + "&$count=true", expectedCount: 400);

        Assert.Equal(400, incidents.Count);
        Assert.Equal(400, incidents.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
        var created = incidents.Select(i => DateTimeOffset.Parse(i.GetProperty("createdDateTime").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(created.OrderDescending(), created);
        Assert.InRange((created[0] - created[^1]).TotalDays, 60, 180);
        var statuses = incidents.Select(i => i.GetProperty("status").GetString()!).ToList();
        Assert.DoesNotContain(statuses, s => s.Equals("resolved", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("active", statuses);
        Assert.Contains("Active", statuses);
        Assert.Contains("unknownFutureValue", statuses);
        Assert.Contains(incidents, i => i.GetProperty("assignedTo").ValueKind == JsonValueKind.Null);
        Assert.Contains(incidents, i => i.GetProperty("assignedTo").GetString()?.Contains('@', StringComparison.Ordinal) == true);
        Assert.Contains(incidents, i => i.GetProperty("severity").GetString()!.Equals("critical", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Awaiting_action_is_written_as_such_only_when_the_client_asks_for_unknown_enum_members()
    {
        tenant.Incidents.OpenCount = 200;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.ApiBaseUrl, OpenFilter + "&$top=200"));
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Prefer", "include-unknown-enum-members");

        using var response = await http.Client.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var statuses = body.RootElement.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("status").GetString()!.ToLowerInvariant()).ToList();
        Assert.Contains("awaitingaction", statuses);
        Assert.DoesNotContain("unknownfuturevalue", statuses);
    }

    [Fact]
    public async Task Sixty_thousand_open_incidents_are_all_reachable_and_counted()
    {
        tenant.Incidents.OpenCount = 60_000;
        tenant.Incidents.ResolvedCount = 5_000;
        tenant.Incidents.PageSize = 1_000;

        var incidents = await ReadAllAsync(OpenFilter + "&$top=1000&$count=true", expectedCount: 60_000, maxPages: 100);

        Assert.Equal(60_000, incidents.Count);
        Assert.Equal(60, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.Incidents));
    }

    [Fact]
    public async Task Filters_on_severity_and_assignment_and_skip_work_and_a_bad_filter_is_a_Graph_400()
    {
        tenant.Incidents.OpenCount = 300;

        var high = await ReadAllAsync("v1.0/security/incidents?$filter=severity%20eq%20'high'%20and%20assignedTo%20eq%20null");
        using var skipped = await http.GetJsonAsync(token, "v1.0/security/incidents?$top=5&$skip=295");
        using var bad = await http.GetJsonAsync(token, "v1.0/security/incidents?$filter=startswith(displayName,'x')", HttpStatusCode.BadRequest);

        Assert.NotEmpty(high);
        Assert.All(high, i => Assert.Equal(("high", JsonValueKind.Null), (i.GetProperty("severity").GetString()!.ToLowerInvariant(), i.GetProperty("assignedTo").ValueKind)));
        Assert.Equal(5, skipped.RootElement.GetProperty("value").GetArrayLength());
        Assert.False(skipped.RootElement.TryGetProperty("@odata.nextLink", out _));
        Assert.Equal("BadRequest", bad.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(NextLinkTarget.ForeignHost)]
    [InlineData(NextLinkTarget.OtherPort)]
    public async Task A_hostile_nextLink_fault_names_another_origin(NextLinkTarget target)
    {
        tenant.Incidents.OpenCount = 10;
        tenant.SetApiFault(DefenderEndpoint.Incidents, ApiFault.NextLink(target), times: 1);

        using var page = await http.GetJsonAsync(token, OpenFilter);

        var link = new Uri(page.RootElement.GetProperty("@odata.nextLink").GetString()!);
        Assert.Equal(target == NextLinkTarget.ForeignHost ? "evil.example" : "127.0.0.1", link.Host);
        Assert.NotEqual(simulator.ApiBaseUrl.Port, link.Port);
        Assert.Equal("/v1.0/security/incidents", link.AbsolutePath);
    }

    [Fact]
    public async Task A_truncated_page_is_200_with_half_a_JSON_body()
    {
        tenant.Incidents.OpenCount = 100;
        tenant.SetApiFault(DefenderEndpoint.Incidents, ApiFault.TruncatedPage(), times: 1);

        using var response = await http.GetScoreAsync(token, path: OpenFilter);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"@odata.context\"", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    private async Task<List<JsonElement>> ReadAllAsync(string first, int? expectedCount = null, int maxPages = 50)
    {
        var all = new List<JsonElement>();
        string? next = first;
        for (var page = 0; next is not null; page++)
        {
            Assert.True(page < maxPages, "too many pages");
            using var body = await http.GetJsonAsync(token, next);
            if (expectedCount is { } count)
            {
                Assert.Equal(count, body.RootElement.GetProperty("@odata.count").GetInt32());
            }

            all.AddRange(body.RootElement.GetProperty("value").EnumerateArray().Select(i => i.Clone()));
            next = body.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            Assert.True(next is null || next.StartsWith(simulator.ApiBaseUrl.ToString(), StringComparison.Ordinal), next);
        }

        return all;
    }
}
