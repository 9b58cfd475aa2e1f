using Evently.Core.Ports;
using Npgsql;

namespace Evently.Persistence.Storage;

/// <summary>The COMMIT of a store's write, with what is known about it when it fails.</summary>
internal static class TransactionCommit
{
    /// <summary>
    /// Commits <paramref name="transaction"/>. A COMMIT the server refused (serialization or constraint classes 40 and 23:
    /// a rollback, a deferred constraint) is <see cref="StoreFailure.NotCommitted"/>; any other error, such as the backend
    /// being terminated while it waited, may come after a local commit and is <see cref="StoreFailure.Unknown"/>.
    /// </summary>
    public static async Task CommitAsync(NpgsqlTransaction transaction, string subject, CancellationToken cancellationToken)
    {
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("40", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            throw new EventStoreException(StoreFailure.NotCommitted, $"{subject}: the commit was refused.", ex);
        }
#pragma warning disable CA1031 // whatever the driver threw, the caller must learn that the outcome is unknown
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new EventStoreException(StoreFailure.Unknown, $"{subject}: the commit's answer was lost.", ex);
        }
    }
}
