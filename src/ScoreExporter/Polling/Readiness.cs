namespace ScoreExporter.Polling;

/// <summary>Ready once every tenant has been polled once, whatever the outcome.</summary>
public sealed class Readiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    public Task WhenReady => ready.Task;

    public void MarkReady() => ready.TrySetResult();
}
