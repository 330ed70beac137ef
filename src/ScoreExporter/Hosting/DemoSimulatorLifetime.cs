using DefenderSimulator;

namespace ScoreExporter.Hosting;

/// <summary>Stops the demo's in-process simulator when the host stops or is disposed.</summary>
public sealed class DemoSimulatorLifetime(SimulatorServer simulator) : IHostedService, IAsyncDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await simulator.DisposeAsync().ConfigureAwait(false);

    public ValueTask DisposeAsync() => simulator.DisposeAsync();
}
