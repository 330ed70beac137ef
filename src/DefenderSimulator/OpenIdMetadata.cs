namespace DefenderSimulator;

/// <summary>The discovery documents an Entra client may ask for before it asks for a token.</summary>
internal static class OpenIdMetadata
{
    public static void Map(WebApplication app, SimulatorServer server)
    {
        app.MapGet("/{tenantId}/v2.0/.well-known/openid-configuration", (string tenantId) =>
        {
            var authority = new Uri(server.HttpsBaseUrl, tenantId + "/").ToString();
            return Results.Text(
                $$"""{"token_endpoint":"{{authority}}oauth2/v2.0/token","issuer":"{{authority}}v2.0","authorization_endpoint":"{{authority}}oauth2/v2.0/authorize","jwks_uri":"{{authority}}discovery/v2.0/keys","response_types_supported":["code","token"],"subject_types_supported":["pairwise"],"id_token_signing_alg_values_supported":["RS256"]}""",
                "application/json");
        });
        app.MapGet("/common/discovery/instance", (HttpContext context) =>
        {
            var host = server.HttpsBaseUrl.Authority;
            return Results.Text(
                $$"""{"tenant_discovery_endpoint":"https://{{host}}/common/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[{"preferred_network":"{{host}}","preferred_cache":"{{host}}","aliases":["{{host}}"]}]}""",
                "application/json");
        });
    }
}
