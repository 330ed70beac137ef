namespace ScoreExporter.Tests.Grafana;

/// <summary>The variable selections the dashboard's queries are run with: all tenants, one, and several.</summary>
public static class DashboardVariants
{
    public const string Limit = "12";

    public static IReadOnlyList<(string Name, GrafanaVariables Variables)> For(string job, string oneTenant, params string[] severalTenants) =>
    [
        ("all tenants", Base(job).All("tenant", ".+")),
        ($"tenant {oneTenant}", Base(job).Select("tenant", oneTenant)),
        ($"tenants {string.Join('+', severalTenants)}", Base(job).Select("tenant", severalTenants)),
    ];

    private static GrafanaVariables Base(string job) => new GrafanaVariables().Select("job", job).Set("limit", Limit);
}
