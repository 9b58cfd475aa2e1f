using Evently.Persistence.Embedded;
using Microsoft.Extensions.Hosting;

namespace Evently.Persistence.Hosting;

/// <summary>Stops the embedded PostgreSQL cluster when the host stops. Registered first, so it stops last.</summary>
public sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync();
}
