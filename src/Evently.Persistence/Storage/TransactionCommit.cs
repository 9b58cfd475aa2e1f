using Evently.Core.Ports;
using Npgsql;

namespace Evently.Persistence.Storage;

/// <summary>One transaction of a store's write, with what is known about it when it fails.</summary>
internal static class TransactionCommit
{
    /// <summary>
    /// Opens a connection of <paramref name="database"/>, runs <paramref name="write"/> in a transaction and commits it. A
    /// failure before the COMMIT is <see cref="StoreFailure.NotCommitted"/> (or the <see cref="EventStoreException"/> the
    /// write threw, e.g. a guard's <see cref="StoreFailure.Conflict"/>); the COMMIT's own failure is classified by
    /// <see cref="CommitAsync"/>.
    /// </summary>
    public static async Task RunAsync(NpgsqlDataSource database, string subject, Func<NpgsqlBatch, Task> write, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        NpgsqlTransaction? transaction = null;
        try
        {
            try
            {
                connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var batch = new NpgsqlBatch(connection, transaction);
                await write(batch).ConfigureAwait(false);
            }
            catch (EventStoreException)
            {
                throw;
            }
#pragma warning disable CA1031 // whatever failed before the COMMIT, nothing was written
            catch (Exception ex)
#pragma warning restore CA1031
            {
                throw new EventStoreException(StoreFailure.NotCommitted, $"{subject}: the write failed before its commit.", ex);
            }

            await CommitAsync(transaction, subject, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Commits <paramref name="transaction"/>. A COMMIT the server refused (serialization or constraint classes 40 and 23:
    /// a rollback, a deferred constraint) is <see cref="StoreFailure.NotCommitted"/>; any other error, such as the backend
    /// being terminated while it waited, may come after a local commit and is <see cref="StoreFailure.Unknown"/>.
    /// </summary>
    private static async Task CommitAsync(NpgsqlTransaction transaction, string subject, CancellationToken cancellationToken)
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
