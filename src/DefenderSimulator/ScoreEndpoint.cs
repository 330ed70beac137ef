using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary><c>GET /api/configurationScore</c> and <c>GET /api/exposureScore</c>: one score entity per tenant.</summary>
internal sealed class ScoreEndpoint(SimulatorServer server, TokenEndpoint tokens, ScoreResource resource)
    : ApiEndpoint(server, tokens, resource.Endpoint)
{
    protected override Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault) =>
        WriteAsync(context, tenant, 200, ODataContentType, ScoreJson(tenant));

    protected override Task<(int Status, byte[] Body)> RenderAsync(HttpContext context, SimulatedTenant tenant) =>
        Task.FromResult((200, ScoreJson(tenant)));

    private byte[] ScoreJson(SimulatedTenant tenant) => resource == ScoreResource.Configuration
        ? tenant.ScoreBody(static (score, time) => Render(ScoreResource.Configuration, score, time))
        : Render(resource, tenant.CurrentExposureScore.Score, tenant.CurrentExposureScore.Time);

    private static byte[] Render(ScoreResource resource, double score, DateTimeOffset time)
    {
        // Seven fractional digits and a Z, as the service writes it: 2019-12-03T09:15:58.1665846Z.
        var body = new ScoreBody(resource.ODataContext, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), score);
        return JsonSerializer.SerializeToUtf8Bytes(body, SimulatorJson.Context.ScoreBody);
    }
}
