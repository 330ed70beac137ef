using Microsoft.Extensions.Options;
using ScoreExporter.Metrics;

namespace ScoreExporter.Hosting;

/// <summary>Wires OTLP push: the <c>Otlp</c> section, its checks, and the pushing service (idle without an endpoint).</summary>
public static class OtlpServiceExtensions
{
    public static IServiceCollection AddOtlpPush(this IServiceCollection services)
    {
        services.AddOptions<OtlpOptions>().BindConfiguration(OtlpOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<OtlpOptions>, OtlpStandardVariables>();
        services.AddSingleton<IValidateOptions<OtlpOptions>, OtlpOptionsValidator>();
        services.AddSingleton<OtlpPush>();
        services.AddHostedService(provider => provider.GetRequiredService<OtlpPush>());
        return services;
    }
}
