using Evently.Core;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Catalog;

/// <summary>
/// The catalog browse reads: every event of every shard in memory (<see cref="CatalogIndex"/>), so a browse request
/// costs no query. Fed two ways: event grains hosted in this process report each commit at once
/// (<see cref="ICatalogFeed"/>), and every <see cref="CatalogOptions.PollMilliseconds"/> each shard is asked for the
/// rows changed since (by <c>updated_at</c>, indexed), which catches changes made by other silos and reports that were
/// lost; a full read of each shard at start and every <see cref="CatalogOptions.FullReloadSeconds"/>. Versions decide:
/// an older copy never replaces a newer one.
/// </summary>
public sealed partial class CatalogReadModel(ShardDataSources databases, CatalogOptions options, TimeProvider time, ILogger<CatalogReadModel> logger)
    : BackgroundService, ICatalogFeed
{
    private readonly CatalogIndex _index = new();
    // Grows when a shard database is added while this process runs (its first catch-up is a full read); replaced, never
    // changed in place, so readers on other threads see a whole array.
    private volatile ShardState[] _shards = databases.Shards.Select(_ => new ShardState()).ToArray();
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Events held.</summary>
    public int Count => _index.Count;

    /// <summary>True once every shard has been read in full.</summary>
    public bool Loaded => _loaded.Task.IsCompleted;

    /// <summary>How old the oldest shard's last successful catch-up is (the bound on a lost report's staleness).</summary>
    public TimeSpan Staleness
    {
        get
        {
            var now = time.GetTimestamp();
            return _shards.Max(s => s.CaughtUpAt is { } at ? time.GetElapsedTime(at, now) : TimeSpan.MaxValue);
        }
    }

    /// <summary>
    /// True when some shard's last catch-up failed and its last success is older than <paramref name="limit"/>. A catch-up
    /// that is merely slow (a starved machine) does not count: its shard is reachable, and grain reports keep coming.
    /// </summary>
    private bool Unreachable(TimeSpan limit)
    {
        var now = time.GetTimestamp();
        return _shards.Any(s => s.Failing && (s.CaughtUpAt is not { } at || time.GetElapsedTime(at, now) > limit));
    }

    /// <inheritdoc />
    public void Changed(EventRecord committed) => _index.Apply(EventRows.AsStored(committed));

    /// <summary>
    /// Browse from memory. Waits for the first full load; throws <see cref="ShardUnavailableException"/> (503) when
    /// it does not come in time or some shard cannot be reached and has not been caught up for
    /// <see cref="CatalogOptions.UnavailableAfterMilliseconds"/>.
    /// </summary>
    public async ValueTask<CatalogPage> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        var limit = TimeSpan.FromMilliseconds(options.UnavailableAfterMilliseconds);
        if (!_loaded.Task.IsCompleted)
        {
            try
            {
                await _loaded.Task.WaitAsync(limit, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new ShardUnavailableException("The catalog has not been loaded from every shard yet.", ex);
            }
        }

        if (Unreachable(limit))
        {
            throw new ShardUnavailableException("The catalog could not be caught up with every shard recently.");
        }

        return _index.Search(query);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.PollMilliseconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var count = databases.Shards.Count;
            if (count > _shards.Length)
            {
                _shards = [.. _shards, .. Enumerable.Range(0, count - _shards.Length).Select(_ => new ShardState())];
            }

            await Task.WhenAll(_shards.Select((_, i) => CatchUpAsync(i, stoppingToken))).ConfigureAwait(false);
            _index.Refresh();
            if (!_loaded.Task.IsCompleted && _shards.All(s => s.FullAt is not null))
            {
                _loaded.TrySetResult();
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads one shard's changed rows (all of them when a full read is due) into the index.</summary>
    private async Task CatchUpAsync(int index, CancellationToken stoppingToken)
    {
        var shard = _shards[index];
        var started = time.GetTimestamp();
        var full = shard.FullAt is not { } fullAt || time.GetElapsedTime(fullAt, started) > TimeSpan.FromSeconds(options.FullReloadSeconds);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await using var command = databases.Shards[index].CreateCommand(full
                ? $"SELECT {EventRows.Columns} FROM events"
                : $"SELECT {EventRows.Columns} FROM events WHERE updated_at >= @since");
            if (!full)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", NpgsqlDbType.TimestampTz)
                {
                    TypedValue = shard.Newest - TimeSpan.FromSeconds(options.ChangeMarginSeconds),
                });
            }

            var newest = shard.Newest;
            await using (var reader = await command.ExecuteReaderAsync(timeout.Token).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    var item = EventRows.Read(reader);
                    _index.Apply(item);
                    if (item.UpdatedAt > newest)
                    {
                        newest = item.UpdatedAt;
                    }
                }
            }

            shard.Newest = newest;
            shard.CaughtUpAt = started;
            if (full)
            {
                shard.FullAt = started;
            }

            if (shard.Failing)
            {
                shard.Failing = false;
                LogShardBack(logger, index);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException
            || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            if (!shard.Failing)
            {
                shard.Failing = true;
                LogShardFailing(logger, ex, index);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Catalog read model: shard {Shard} could not be caught up; browse answers 503 if this lasts")]
    private static partial void LogShardFailing(ILogger logger, Exception exception, int shard);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Catalog read model: shard {Shard} caught up again")]
    private static partial void LogShardBack(ILogger logger, int shard);

    private sealed class ShardState
    {
        private long _caughtUpAt;

        // Read by request threads while the poll writes it: one atomic long (0 = never).
        public long? CaughtUpAt
        {
            get => Volatile.Read(ref _caughtUpAt) is var at and not 0 ? at : null;
            set => Volatile.Write(ref _caughtUpAt, value ?? 0);
        }

        public long? FullAt { get; set; }

        public DateTimeOffset Newest { get; set; } = DateTimeOffset.UnixEpoch;

        private volatile bool _failing;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }
    }
}
