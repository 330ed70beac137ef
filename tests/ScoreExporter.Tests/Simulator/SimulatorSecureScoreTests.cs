using System.Globalization;
using System.Net;
using System.Text.Json;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Simulator;

/// <summary>Graph's <c>secureScores</c> and <c>secureScoreControlProfiles</c>: shapes, categories, paging, the empty tenant.</summary>
public sealed class SimulatorSecureScoreTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Categories = ["identity", "data", "device", "apps", "infrastructure"];

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
    public async Task The_newest_snapshot_comes_first_with_tens_of_controls_over_five_categories()
    {
        using var body = await http.GetJsonAsync(token, "v1.0/security/secureScores?$top=1");

        var root = body.RootElement;
        Assert.Equal("https://graph.microsoft.com/v1.0/$metadata#security/secureScores", root.GetProperty("@odata.context").GetString());
        var snapshot = Assert.Single(root.GetProperty("value").EnumerateArray());
        Assert.Equal(tenant.TenantId, snapshot.GetProperty("azureTenantId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse(snapshot.GetProperty("createdDateTime").GetString()!, CultureInfo.InvariantCulture));
        var controls = snapshot.GetProperty("controlScores").EnumerateArray().ToList();
        Assert.InRange(controls.Count, 40, 100);
        Assert.Equal(Categories.Order(), controls.Select(c => c.GetProperty("controlCategory").GetString()!.ToLowerInvariant()).Distinct().Order());
        Assert.Contains(controls, c => c.GetProperty("controlCategory").GetString() == "identity");
        Assert.Contains(controls, c => c.GetProperty("controlCategory").GetString() == "Identity");
        Assert.Equal(Math.Round(controls.Sum(c => c.GetProperty("score").GetDouble()), 2), snapshot.GetProperty("currentScore").GetDouble(), 2);
        Assert.InRange(snapshot.GetProperty("currentScore").GetDouble(), 1, snapshot.GetProperty("maxScore").GetDouble());
        Assert.Equal(["AllTenants", "TotalSeats", "IndustryTypes"], snapshot.GetProperty("averageComparativeScores").EnumerateArray().Select(a => a.GetProperty("basis").GetString()));
        Assert.Equal(JsonValueKind.String, snapshot.GetProperty("averageComparativeScores")[1].GetProperty("seatSizeRangeLowerValue").ValueKind);
        Assert.True(root.TryGetProperty("@odata.nextLink", out _), "89 older snapshots remain");
    }

    [Fact]
    public async Task The_same_day_gives_the_same_snapshot_and_a_knob_empties_the_list()
    {
        using var first = await http.GetJsonAsync(token, "v1.0/security/secureScores?$top=1");
        using var second = await http.GetJsonAsync(token, "v1.0/security/secureScores?$top=1");
        Assert.Equal(first.RootElement.GetProperty("value").GetRawText(), second.RootElement.GetProperty("value").GetRawText());

        tenant.SecureScore.HasSnapshot = false;
        using var empty = await http.GetJsonAsync(token, "v1.0/security/secureScores?$top=1");
        Assert.Equal(0, empty.RootElement.GetProperty("value").GetArrayLength());
        Assert.False(empty.RootElement.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task Profiles_come_in_two_pages_by_nextLink_and_cover_every_scored_control()
    {
        var profiles = new List<JsonElement>();
        string? next = "v1.0/security/secureScoreControlProfiles";
        var pages = 0;
        while (next is not null)
        {
            using var page = await http.GetJsonAsync(token, next);
            profiles.AddRange(page.RootElement.GetProperty("value").EnumerateArray().Select(p => p.Clone()));
            next = page.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            Assert.True(next is null || next.StartsWith($"{simulator.ApiBaseUrl}v1.0/security/secureScoreControlProfiles?$skiptoken=", StringComparison.Ordinal), next);
            pages++;
        }

        Assert.Equal(2, pages);
        Assert.Equal(profiles.Count, profiles.Select(p => p.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(profiles, p => Assert.Equal(JsonValueKind.Number, p.GetProperty("maxScore").ValueKind));
        Assert.Contains(profiles, p => p.GetProperty("deprecated").GetBoolean());
        using var snapshot = await http.GetJsonAsync(token, "v1.0/security/secureScores?$top=1");
        var scored = snapshot.RootElement.GetProperty("value")[0].GetProperty("controlScores").EnumerateArray().Select(c => c.GetProperty("controlName").GetString()).ToHashSet();
        Assert.Subset(profiles.Select(p => p.GetProperty("id").GetString()).ToHashSet(), scored);
        var maxOfScored = profiles.Where(p => scored.Contains(p.GetProperty("id").GetString())).Sum(p => p.GetProperty("maxScore").GetDouble());
        Assert.Equal(maxOfScored, snapshot.RootElement.GetProperty("value")[0].GetProperty("maxScore").GetDouble(), 6);
    }

    [Fact]
    public async Task An_unknown_future_category_shows_in_snapshots_and_profiles()
    {
        tenant.SecureScore.UnknownCategory = "Cloud";
        tenant.SecureScore.ProfilePageSize = 500;

        using var snapshot = await http.GetJsonAsync(token, "v1.0/security/secureScores?$top=1");
        using var profiles = await http.GetJsonAsync(token, "v1.0/security/secureScoreControlProfiles");

        Assert.Equal(2, snapshot.RootElement.GetProperty("value")[0].GetProperty("controlScores").EnumerateArray().Count(c => c.GetProperty("controlCategory").GetString() == "Cloud"));
        Assert.Equal(2, profiles.RootElement.GetProperty("value").EnumerateArray().Count(c => c.GetProperty("controlCategory").GetString() == "Cloud"));
        Assert.False(profiles.RootElement.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task Another_tenants_skiptoken_is_a_Graph_400()
    {
        var other = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var page = await http.GetJsonAsync(await http.GraphTokenAsync(other), "v1.0/security/secureScoreControlProfiles?$top=5");
        var link = page.RootElement.GetProperty("@odata.nextLink").GetString()!;

        using var refused = await http.GetJsonAsync(token, link, HttpStatusCode.BadRequest);

        Assert.Equal("BadRequest", refused.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.True(refused.RootElement.GetProperty("error").GetProperty("innerError").TryGetProperty("request-id", out _));
    }
}
