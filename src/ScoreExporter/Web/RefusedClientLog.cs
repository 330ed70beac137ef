namespace ScoreExporter.Web;

/// <summary>
/// Says in the log why a client's certificate was refused: the client only sees its connection closed (.NET on Linux
/// ends the handshake without a TLS alert), so Prometheus reports an EOF. One line per kind of refusal a minute at
/// most, so a scanner cannot flood the log; the next line counts the refusals left out.
/// </summary>
public sealed class RefusedClientLog(ILogger<RefusedClientLog> logger, TimeProvider time)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private readonly Dictionary<ClientRefusalKind, (DateTimeOffset Logged, int LeftOut)> last = [];

    public void Refused(string? client, ClientRefusal refusal)
    {
        int leftOut;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (last.TryGetValue(refusal.Kind, out var previous) && now - previous.Logged < Quiet)
            {
                last[refusal.Kind] = previous with { LeftOut = previous.LeftOut + 1 };
                return;
            }

            leftOut = previous.LeftOut;
            last[refusal.Kind] = (now, 0);
        }

        if (leftOut == 0)
        {
            WebLog.ClientRefused(logger, client ?? "a client", refusal.Reason);
        }
        else
        {
            WebLog.ClientRefusedAgain(logger, client ?? "a client", refusal.Reason, leftOut);
        }
    }
}
