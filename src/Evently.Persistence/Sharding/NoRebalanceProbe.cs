using Evently.Domain.Sharding;

namespace Evently.Persistence.Sharding;

/// <summary>The probe of a production host: nothing happens between a move's copy and its flip.</summary>
public sealed class NoRebalanceProbe : IRebalanceProbe
{
    /// <inheritdoc />
    public Task CopiedAsync(RebalanceStep move, CancellationToken cancellationToken) => Task.CompletedTask;
}
