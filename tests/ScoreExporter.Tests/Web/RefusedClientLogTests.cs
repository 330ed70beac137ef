using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;
using ScoreExporter.Web;

namespace ScoreExporter.Tests.Web;

/// <summary>Refused client certificates are logged with their reason, one line per kind a minute at most.</summary>
public sealed class RefusedClientLogTests
{
    [Fact]
    public void One_line_per_kind_a_minute_and_the_next_line_counts_those_left_out()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new RefusedClientLog(factory.CreateLogger<RefusedClientLog>(), time);
        var stranger = new ClientRefusal(ClientRefusalKind.UnknownAuthority, "client certificate 'CN=x' issued by 'CN=y' does not chain to client_ca_file");
        var none = new ClientRefusal(ClientRefusalKind.NoCertificate, "no client certificate");

        log.Refused("10.1.2.3:5000", stranger);
        log.Refused("10.1.2.3:5001", stranger);
        log.Refused("10.1.2.3:5002", none);
        time.Advance(TimeSpan.FromSeconds(59));
        log.Refused("10.1.2.3:5003", stranger);
        time.Advance(TimeSpan.FromSeconds(1));
        log.Refused("10.1.2.3:5004", stranger);

        Assert.Equal(
            [
                "TLS handshake with 10.1.2.3:5000 refused: client certificate 'CN=x' issued by 'CN=y' does not chain to client_ca_file",
                "TLS handshake with 10.1.2.3:5002 refused: no client certificate",
                "TLS handshake with 10.1.2.3:5004 refused: client certificate 'CN=x' issued by 'CN=y' does not chain to client_ca_file; 2 more like it since the last such line",
            ],
            logs.Lines.Select(l => l[l.IndexOf("TLS handshake", StringComparison.Ordinal)..].Trim()));
    }
}
