using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>
/// Runs one query on every shard in parallel, each under a timeout, and hands back every shard's answer.
/// A shard that fails or times out fails the whole read with <see cref="ShardUnavailableException"/>.
/// </summary>
public sealed class ShardAggregator(ShardDataSources databases)
{
    // Longer than the database command timeout (2 s by default): a slow shard fails its command first, with its own error.
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The answers of every shard, index = shard number.</summary>
    public async Task<T[]> QueryAllAsync<T>(Func<NpgsqlDataSource, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        var tasks = databases.Shards.Select(async (shard, index) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ShardTimeout);
            try
            {
                return await query(shard, timeout.Token).ConfigureAwait(false);
            }
            // A value the database cannot take (class 22, e.g. a NUL character) is the caller's mistake, not the shard's outage.
            catch (Exception ex) when (ex is NpgsqlException and not PostgresException { SqlState: ['2', '2', ..] } or TimeoutException
                or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ShardUnavailableException($"Shard {index} did not answer.", ex);
            }
        }).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Merges per-shard pages into one page: each shard returned its first <c>page * pageSize</c> rows in <paramref name="order"/>.</summary>
    public static IReadOnlyList<T> MergePage<T>(IEnumerable<IReadOnlyList<T>> perShard, IComparer<T> order, int page, int pageSize) =>
        perShard.SelectMany(rows => rows).Order(order).Skip((page - 1) * pageSize).Take(pageSize).ToList();
}
