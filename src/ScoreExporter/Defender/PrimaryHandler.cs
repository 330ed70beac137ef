using System.Net;
using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;

namespace ScoreExporter.Defender;

/// <summary>The socket handler under both the API and the token clients.</summary>
public static class PrimaryHandler
{
    public static SocketsHttpHandler Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DefenderOptions>>().Value;
        var pinned = services.GetService<PinnedCertificates>();
        var handler = new SocketsHttpHandler
        {
            // A redirect is never part of the documented API; following one could carry the token elsewhere.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.RequestTimeout,

            // A body abandoned at the size cap closes its connection instead of being drained for reuse.
            MaxResponseDrainSize = 0,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = true,
        };
        if (pinned is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => pinned.Validate(certificate, errors);
        }

        return handler;
    }
}
