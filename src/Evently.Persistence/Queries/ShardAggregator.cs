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

    /// <summary>
    /// One page of a list spread over every shard, in <paramref name="order"/>. <paramref name="command"/> makes one shard's
    /// query of its first <c>limit</c> rows in that order, with <c>count(*) OVER ()</c> (all of the shard's matches, taken
    /// before the LIMIT) as its last column; a shard with no match returns no row and counts 0. The rows of every shard are
    /// merged and the page cut from them.
    /// </summary>
    public async Task<Paged<T>> PageAsync<T>(
        Func<NpgsqlDataSource, long, NpgsqlCommand> command, Func<NpgsqlDataReader, T> read, IComparer<T> order, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var perShard = await QueryAllAsync(async (shard, ct) =>
        {
            await using var query = command(shard, (long)page * pageSize);
            var rows = new List<T>();
            long total = 0;
            await using var reader = await query.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(read(reader));
                total = reader.GetInt64(reader.FieldCount - 1);
            }

            return (Rows: rows, Total: total);
        }, cancellationToken).ConfigureAwait(false);
        var items = perShard.SelectMany(s => s.Rows).Order(order).Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return new Paged<T>(items, page, pageSize, perShard.Sum(s => s.Total));
    }
}
