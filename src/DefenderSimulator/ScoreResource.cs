namespace DefenderSimulator;

/// <summary>A score the API serves: which endpoint, and the OData context its body names.</summary>
internal sealed record ScoreResource(DefenderEndpoint Endpoint, string ODataContext)
{
    public static readonly ScoreResource Configuration = new(
        DefenderEndpoint.ConfigurationScore, "https://api.securitycenter.microsoft.com/api/$metadata#ConfigurationScore/$entity");

    public static readonly ScoreResource Exposure = new(
        DefenderEndpoint.ExposureScore, "https://api.securitycenter.microsoft.com/api/$metadata#ExposureScore/$entity");
}
