namespace DefenderSimulator;

/// <summary>A score the API serves: where, and the OData context its body names.</summary>
internal sealed record ScoreResource(string Path, string ODataContext)
{
    public static readonly ScoreResource Configuration = new(
        "/api/configurationScore", "https://api.securitycenter.microsoft.com/api/$metadata#ConfigurationScore/$entity");

    public static readonly ScoreResource Exposure = new(
        "/api/exposureScore", "https://api.securitycenter.microsoft.com/api/$metadata#ExposureScore/$entity");
}
