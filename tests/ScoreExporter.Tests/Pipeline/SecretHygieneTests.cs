using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Pipeline;

/// <summary>A full run through faults leaves no secret, token or client id in logs, metrics or the landing page.</summary>
public sealed class SecretHygieneTests
{
    private const string Secret = "Sup3r~Secret.Value_9f8e7d";

    [Fact]
    public async Task Logs_metrics_and_landing_page_never_show_the_secret_a_token_or_the_client_id()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Secret);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);
        var state = exporter.Score("contoso");
        var tokens = new HashSet<string> { await CurrentTokenAsync(state) };

        ApiFault[] apiFaults = [ApiFault.Unauthorized(), ApiFault.Forbidden(), ApiFault.Status(500), ApiFault.MalformedJson(), ApiFault.ResetMidBody()];
        foreach (var fault in apiFaults)
        {
            tenant.SetApiFault(fault);
            await exporter.PollOnceAsync("contoso");
            tokens.Add(await CurrentTokenAsync(state));
        }

        tenant.SetApiFault(null);
        state.Tenant.Credential.Invalidate();
        tenant.SetTokenFault(TokenFault.InvalidClient());
        await exporter.PollOnceAsync("contoso");
        tenant.SetTokenFault(TokenFault.ServerError());
        await exporter.PollOnceAsync("contoso");
        tenant.SetTokenFault(null);
        await exporter.PollOnceAsync("contoso");
        tokens.Add(await CurrentTokenAsync(state));

        var everything = string.Join(
            "\n",
            exporter.Logs.Text,
            await exporter.Http.GetStringAsync("/metrics"),
            await exporter.Http.GetStringAsync("/"));
        Assert.Contains("Poll of configuration_score for tenant contoso failed: auth", exporter.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.ClientId, everything, StringComparison.OrdinalIgnoreCase);
        Assert.All(tokens, token => Assert.DoesNotContain(token, everything, StringComparison.Ordinal));
        Assert.True(tokens.Count >= 2, "the run should have used more than one token");
    }

    private static async Task<string> CurrentTokenAsync(ScoreExporter.Polling.CollectorState state) =>
        (await state.Tenant.Credential.GetTokenAsync("https://api.securitycenter.microsoft.com/.default", CancellationToken.None)).Token;
}
