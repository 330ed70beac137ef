using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Web;

/// <summary>
/// Basic auth and response headers from the web configuration file, through the real exporter host on plain http:
/// every path but the probes asks for a password, the headers are on every answer, and a changed file takes effect
/// without a restart (a broken one keeps the last good users and is logged once).
/// </summary>
public sealed class WebAccessTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Every_path_but_the_probes_needs_the_password_and_a_wrong_one_gets_401_with_a_basic_challenge()
    {
        using var temp = new TempDirectory();
        var web = temp.File("web.yml");
        File.WriteAllText(web, $"""
            basic_auth_users:
              prometheus: {BCrypt.Net.BCrypt.HashPassword(Password, 4)}
            http_server_config:
              headers:
                X-Content-Type-Options: nosniff
                X-Frame-Options: deny
                Content-Security-Policy: "default-src 'self'"
            """);
        await using var simulator = await SimulatorServer.StartAsync();
        await using var exporter = await StartAsync(simulator, web);

        foreach (var path in new[] { "/metrics", "/" })
        {
            using var anonymous = await exporter.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
            Assert.Equal("nosniff", Assert.Single(anonymous.Headers.GetValues("X-Content-Type-Options")));

            using var wrong = await SendAsync(exporter, path, "prometheus", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var unknownUser = await SendAsync(exporter, path, "someone", Password);
            Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        }

        foreach (var probe in new[] { "/healthz", "/readyz" })
        {
            using var open = await exporter.Http.GetAsync(probe);
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.Equal("deny", Assert.Single(open.Headers.GetValues("X-Frame-Options")));
        }

        using var scrape = await SendAsync(exporter, "/metrics", "prometheus", Password);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("default-src 'self'", Assert.Single(scrape.Headers.GetValues("Content-Security-Policy")));
        var metrics = MetricsText.Parse(await scrape.Content.ReadAsStringAsync());
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", TestExporter.ConfigurationScore)));

        // Remembered after the first check, and still refused with the wrong password afterwards.
        using var again = await SendAsync(exporter, "/metrics", "prometheus", Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var wrongAfter = await SendAsync(exporter, "/metrics", "prometheus", Password + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAfter.StatusCode);
        Assert.DoesNotContain(Password, exporter.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_users_take_effect_and_a_broken_file_keeps_the_last_good_users_with_one_log_line()
    {
        using var temp = new TempDirectory();
        var web = temp.File("web.yml");
        File.WriteAllText(web, Users(("alice", "first password")));
        await using var simulator = await SimulatorServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await StartAsync(simulator, web, time);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(exporter, "alice", "first password"));

        // Requests look at the file at most once a second, by the exporter's clock.
        File.WriteAllText(web, Users(("bob", "second password")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(exporter, "alice", "first password"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(exporter, "bob", "second password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(exporter, "alice", "first password"));

        File.WriteAllText(web, "basic_auth_users:\n  carol: not-a-hash\n");
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(exporter, "bob", "second password"));
        }

        var failures = exporter.Logs.Lines.Where(l => l.Contains("not reloaded", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            $"Warning ScoreExporter.Web.WebConfigurationMonitor[31] Web configuration not reloaded, the last good one stays in force: Web:ConfigFile '{web}' line 2: basic_auth_users.carol is not a bcrypt hash: make one with htpasswd -nbB carol '<password>' (the part after the ':'). ",
            Assert.Single(failures));
    }

    private static async Task<HttpStatusCode> StatusAsync(TestExporter exporter, string user, string password)
    {
        using var response = await SendAsync(exporter, "/metrics", user, password);
        return response.StatusCode;
    }

    private static string Users(params (string User, string Password)[] users) =>
        "basic_auth_users:\n" + string.Concat(users.Select(u => $"  {u.User}: {BCrypt.Net.BCrypt.HashPassword(u.Password, 4)}\n"));

    private static async Task<HttpResponseMessage> SendAsync(TestExporter exporter, string path, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await exporter.Http.SendAsync(request);
    }

    private static async Task<TestExporter> StartAsync(SimulatorServer simulator, string webConfig, FakeTimeProvider? time = null)
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret", 420);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Web:ConfigFile"] = webConfig;
        return await TestExporter.StartAsync(simulator, settings, time);
    }
}
