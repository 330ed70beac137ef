namespace DefenderSimulator;

/// <summary>How hang faults hold a request.</summary>
internal static class Waiting
{
    /// <summary>
    /// Holds a request open until the client gives up or the server stops (bounded, so a forgotten fault frees
    /// itself), then drops the connection: a hung request never gets an answer, not even an empty one.
    /// </summary>
    public static async Task HangAsync(HttpContext context, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(10), either.Token);
        }
        catch (OperationCanceledException)
        {
        }

        context.Abort();
    }
}
