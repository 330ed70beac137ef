using System.Net;
using System.Text.Json;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Simulator;

/// <summary><c>GET /api/machines</c>: the Machine entity's shape, paging through nextLink, <c>$top</c>, and the empty tenant.</summary>
public sealed class SimulatorMachinesTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Platforms = ["Windows10", "Windows11", "WindowsServer2019", "WindowsServer2022", "Linux", "macOS", "iOS", "Android"];
    private static readonly string[] HealthStatuses = ["Active", "Inactive", "ImpairedCommunication", "NoSensorData", "NoSensorDataImpairedCommunication", "Unknown"];
    private static readonly string[] OnboardingStatuses = ["Onboarded", "onboarded", "CanBeOnboarded", "Unsupported", "InsufficientInfo"];
    private static readonly string[] RiskScores = ["None", "Informational", "Low", "Medium", "High"];
    private static readonly string[] ExposureLevels = ["None", "Low", "Medium", "High"];

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
        token = await http.TokenAsync(tenant);
        simulator.Log.Clear();
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task A_page_has_the_documented_shape_and_realistic_machines()
    {
        tenant.AddDeviceGroup("Servers", id: 11);
        tenant.AddDeviceGroup("Workstations", id: 12);
        tenant.Machines.Count = 400;
        tenant.Machines.Seed = 42;

        using var response = await http.GetScoreAsync(token, path: "api/machines");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://api.securitycenter.microsoft.com/api/$metadata#Machines", body.RootElement.GetProperty("@odata.context").GetString());
        Assert.False(body.RootElement.TryGetProperty("@odata.nextLink", out _), "one page holds 400 machines");
        var machines = body.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(400, machines.Count);
        Assert.Equal(400, machines.Select(m => m.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(machines, m =>
        {
            Assert.Matches("^[0-9a-f]{40}$", m.GetProperty("id").GetString());
            Assert.EndsWith(".corp.contoso.example", m.GetProperty("computerDnsName").GetString(), StringComparison.Ordinal);
            Assert.Contains(m.GetProperty("osPlatform").GetString(), Platforms);
            Assert.Contains(m.GetProperty("healthStatus").GetString(), HealthStatuses);
            Assert.Contains(m.GetProperty("onboardingStatus").GetString(), OnboardingStatuses);
            Assert.Contains(m.GetProperty("riskScore").GetString(), RiskScores);
            Assert.Contains(m.GetProperty("exposureLevel").GetString(), ExposureLevels);
            Assert.InRange(DateTimeOffset.Parse(m.GetProperty("lastSeen").GetString()!, System.Globalization.CultureInfo.InvariantCulture), time.GetUtcNow().AddDays(-60), time.GetUtcNow());
            Assert.Equal(JsonValueKind.Array, m.GetProperty("machineTags").ValueKind);
            Assert.True(m.TryGetProperty("osVersion", out _));
        });

        // Every value of every field shows up: the proportions are realistic, not uniform, and not one-valued.
        Assert.Equal(Platforms.Order(), machines.Select(m => m.GetProperty("osPlatform").GetString()!).Distinct().Order());
        Assert.Equal(HealthStatuses.Order(), machines.Select(m => m.GetProperty("healthStatus").GetString()!).Distinct().Order());
        Assert.Equal(RiskScores.Order(), machines.Select(m => m.GetProperty("riskScore").GetString()!).Distinct().Order());
        Assert.Equal(OnboardingStatuses.Order(), machines.Select(m => m.GetProperty("onboardingStatus").GetString()!).Distinct().Order());
        Assert.True(machines.Count(m => m.GetProperty("onboardingStatus").GetString() == "Onboarded") > 250, "the real casing is the usual one");
        Assert.Equal(ExposureLevels.Order(), machines.Select(m => m.GetProperty("exposureLevel").GetString()!).Distinct().Order());
        Assert.True(machines.Count(m => m.GetProperty("healthStatus").GetString() == "Active") > 250, "most machines are active");
    }

    [Fact]
    public async Task Machines_spread_over_the_groups_and_ungrouped_ones_have_a_null_or_no_group()
    {
        tenant.AddDeviceGroup("Servers", id: 11);
        tenant.AddDeviceGroup("No id");
        tenant.Machines.Count = 300;
        tenant.Machines.UngroupedPercent = 20;
        tenant.Machines.Seed = 42;

        var machines = await MachinePages.ReadAllAsync(http, token);

        var byGroup = machines.GroupBy(m => m.TryGetProperty("rbacGroupName", out var n) ? n.GetString() ?? "<null>" : "<absent>").ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["<absent>", "<null>", "No id", "Servers"], byGroup.Keys.Order(StringComparer.Ordinal));
        Assert.All(byGroup["Servers"], m => Assert.Equal("11", m.GetProperty("rbacGroupId").ValueKind == JsonValueKind.String ? m.GetProperty("rbacGroupId").GetString() : m.GetProperty("rbacGroupId").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([JsonValueKind.String, JsonValueKind.Number], byGroup["Servers"].Select(m => m.GetProperty("rbacGroupId").ValueKind).Distinct().Order());
        Assert.All(byGroup["No id"], m => Assert.False(m.TryGetProperty("rbacGroupId", out _)));
        Assert.All(byGroup["<null>"], m => Assert.Equal(JsonValueKind.Null, m.GetProperty("rbacGroupId").ValueKind));
        Assert.InRange(byGroup["<absent>"].Count + byGroup["<null>"].Count, 30, 90);

        tenant.ClearDeviceGroups();
        Assert.All(await MachinePages.ReadAllAsync(http, token), m => Assert.False(m.TryGetProperty("rbacGroupName", out var n) && n.ValueKind == JsonValueKind.String));
    }

    [Fact]
    public async Task Three_pages_by_top_and_skip_take_exactly_three_calls_and_return_every_machine_once()
    {
        tenant.Machines.Count = 25;

        var machines = await MachinePages.ReadAllAsync(http, token, "api/machines?$top=10");

        Assert.Equal(25, machines.Count);
        Assert.Equal(25, machines.Select(m => m.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(["?$top=10", "?$top=10&$skip=10", "?$top=10&$skip=20"], simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines).Select(r => r.Query));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_top_no_nextLink_comes_back_and_without_it_the_nextLink_does_not_advance(bool https)
    {
        tenant.Machines.Count = 25;
        tenant.Machines.PageSize = 10;
        var origin = https ? simulator.HttpsBaseUrl : simulator.ApiBaseUrl;

        using var withTop = await MachinePages.ReadPageAsync(http, token, "api/machines?$top=2", https);
        using var first = await MachinePages.ReadPageAsync(http, token, "api/machines", https);
        var next = new Uri(first.RootElement.GetProperty("@odata.nextLink").GetString()!);
        using var second = await MachinePages.ReadPageAsync(http, token, next.PathAndQuery[1..], https);

        Assert.False(withTop.RootElement.TryGetProperty("@odata.nextLink", out _));
        Assert.Equal((origin.Scheme, origin.Host, origin.Port, "/api/machines", "?$skip=10"), (next.Scheme, next.Host, next.Port, next.AbsolutePath, next.Query));
        Assert.Equal(first.RootElement.GetProperty("@odata.nextLink").GetString(), second.RootElement.GetProperty("@odata.nextLink").GetString());
    }

    [Fact]
    public async Task Top_is_honoured_defaults_to_10000_and_is_capped_there_and_the_default_nextLink_repeats_skip_10000()
    {
        tenant.Machines.Count = 20_001;

        using var five = await MachinePages.ReadPageAsync(http, token, "api/machines?$top=5");
        using var byDefault = await MachinePages.ReadPageAsync(http, token, "api/machines");
        using var tooMany = await MachinePages.ReadPageAsync(http, token, "api/machines?$top=50000");
        using var followed = await MachinePages.ReadPageAsync(http, token, new Uri(byDefault.RootElement.GetProperty("@odata.nextLink").GetString()!).PathAndQuery[1..]);
        using var last = await MachinePages.ReadPageAsync(http, token, "api/machines?$top=10000&$skip=20000");

        Assert.Equal(5, five.RootElement.GetProperty("value").GetArrayLength());
        Assert.Equal(10_000, byDefault.RootElement.GetProperty("value").GetArrayLength());
        Assert.Equal(10_000, tooMany.RootElement.GetProperty("value").GetArrayLength());
        Assert.False(tooMany.RootElement.TryGetProperty("@odata.nextLink", out _));
        Assert.EndsWith("/api/machines?$skip=10000", followed.RootElement.GetProperty("@odata.nextLink").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, last.RootElement.GetProperty("value").GetArrayLength());
    }

    [Theory]
    [InlineData("api/machines?$top=0")]
    [InlineData("api/machines?$top=ten")]
    [InlineData("api/machines?$skip=ten")]
    [InlineData("api/machines?$skip=-1")]
    public async Task A_bad_page_query_is_400_with_the_documented_error_body(string path)
    {
        tenant.Machines.Count = 5;

        using var response = await http.GetScoreAsync(token, path: path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequest", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_machines_is_404_with_the_documented_error_body_or_an_empty_page_when_told()
    {
        Assert.Equal(0, tenant.Machines.Count);
        Assert.Equal(NoMachinesAnswer.NotFound, tenant.Machines.WhenEmpty);

        using var notFound = await http.GetScoreAsync(token, path: "api/machines");
        tenant.Machines.WhenEmpty = NoMachinesAnswer.EmptyPage;
        using var empty = await MachinePages.ReadPageAsync(http, token, "api/machines");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        using var error = JsonDocument.Parse(await notFound.Content.ReadAsStringAsync());
        Assert.Equal("NotFound", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.True(Guid.TryParse(error.RootElement.GetProperty("error").GetProperty("target").GetString(), out _));
        Assert.Equal(0, empty.RootElement.GetProperty("value").GetArrayLength());
        Assert.Equal([404, 200], simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Machines_are_the_same_on_every_call_for_a_seed_and_differ_between_tenants()
    {
        tenant.Machines.Count = 20;
        var other = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "o");
        other.Machines.Count = 20;

        var first = Ids(await MachinePages.ReadAllAsync(http, token));
        time.Advance(TimeSpan.FromMinutes(20));
        var again = Ids(await MachinePages.ReadAllAsync(http, token, "api/machines?$top=7"));
        var others = Ids(await MachinePages.ReadAllAsync(http, await http.TokenAsync(other)));
        other.Machines.Seed = tenant.Machines.Seed;
        var sameSeed = Ids(await MachinePages.ReadAllAsync(http, await http.TokenAsync(other)));

        Assert.Equal(first, again);
        Assert.Empty(first.Intersect(others));
        Assert.Equal(first, sameSeed);
    }

    [Fact]
    public void A_negative_count_or_share_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.Machines.Count = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.Machines.UngroupedPercent = 101);
    }

    private static List<string> Ids(List<JsonElement> machines) => machines.Select(m => m.GetProperty("id").GetString()!).ToList();
}
