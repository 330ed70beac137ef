using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;

namespace ScoreExporter.Metrics;

/// <summary>Checks the <c>Otlp</c> section; each failure is one line naming the key and the fix.</summary>
public sealed class OtlpOptionsValidator : IValidateOptions<OtlpOptions>
{
    public ValidateOptionsResult Validate(string? name, OtlpOptions options)
    {
        var failures = new List<string>();
        if (options.Interval < OtlpOptions.MinInterval || options.Interval > OtlpOptions.MaxInterval)
        {
            failures.Add($"{OtlpOptions.SectionName}:Interval {options.Interval:c} is out of range: "
                + $"use {OtlpOptions.MinInterval:c} to {OtlpOptions.MaxInterval:c}.");
        }

        if (!string.Equals(options.Protocol, OtlpOptions.HttpProtobuf, StringComparison.OrdinalIgnoreCase) && !options.UsesGrpc)
        {
            failures.Add($"{options.ProtocolKey} '{PrintableText.Clean(options.Protocol ?? string.Empty, maxLength: 64)}' is not supported: "
                + $"use {OtlpOptions.HttpProtobuf} (port 4318 on a collector) or {OtlpOptions.Grpc} (port 4317).");
        }

        if (options.Enabled)
        {
            CheckEndpoint(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The endpoint is never echoed: a mistyped URL may still hold a password or a token.
    private static void CheckEndpoint(OtlpOptions options, List<string> failures)
    {
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(endpoint.Host))
        {
            failures.Add($"{options.EndpointKey} is not an absolute http:// or https:// URL: "
                + "use the receiver's base URL, e.g. http://otel-collector:4318.");
        }
        else if (endpoint.UserInfo.Length > 0)
        {
            failures.Add($"{options.EndpointKey} holds a user name or password: remove it from the URL and pass "
                + "credentials as OTEL_EXPORTER_OTLP_HEADERS (e.g. Authorization=Basic ...).");
        }
        else if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
        {
            failures.Add($"{options.EndpointKey} has a query or fragment: use the receiver's base URL only, "
                + "e.g. http://otel-collector:4318.");
        }
    }
}
