using ScoreExporter.Configuration;

namespace ScoreExporter.Defender;

/// <summary>What a request carries for the handlers below the client: who calls, for which collector.</summary>
public static class DefenderRequestOptions
{
    public static readonly HttpRequestOptionsKey<DefenderCaller> Caller = new("ScoreExporter.Caller");

    /// <summary>Which API the request goes to: whose call window it takes a place in.</summary>
    public static readonly HttpRequestOptionsKey<ApiSurface> Surface = new("ScoreExporter.Surface");

    /// <summary>The collector's name: the <c>endpoint</c> label, and half of the resilience pipeline key.</summary>
    public static readonly HttpRequestOptionsKey<string> Endpoint = new("ScoreExporter.Endpoint");

    /// <summary>The resilience pipeline (retries, breaker) of one tenant and collector: they fail independently.</summary>
    public static string PipelineKey(HttpRequestMessage request) =>
        request.Options.TryGetValue(Caller, out var caller) && request.Options.TryGetValue(Endpoint, out var endpoint)
            ? caller.TenantName + "\u001f" + endpoint
            : string.Empty;
}
