using Evently.Domain.Sharding;
using Evently.Persistence.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>
/// Evens out the shard databases (<see cref="RebalancePlanner"/>) by moving one bucket at a time with
/// <see cref="ShardAdministration.MoveBucketAsync"/>. The plan and each move's progress are in the directory
/// (<see cref="RebalanceStore"/>); the mover holds a session advisory lock there for the run, so one runs at a time
/// across every process, and a mover that died (its connection gone, the lock with it) is resumed by the next start:
/// a move it had begun is completed when the map shows it flipped (the source's leftovers deleted, fenced) and redone
/// from the start otherwise (the copy first replaces what a copy left on the target). See docs/operations.md.
/// </summary>
public sealed partial class Rebalancer(
    ShardDataSources databases, ShardAdministration administration, DatabaseOptions options, IRebalanceProbe probe,
    IHostApplicationLifetime lifetime, ILogger<Rebalancer> logger) : IDisposable
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private Task _running = Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _starting.Dispose();

    /// <summary>The latest run's status.</summary>
    public Task<RebalanceStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        RebalanceStore.ReadAsync(databases.Directory, cancellationToken);

    /// <summary>
    /// Starts a rebalance in the background (planning a new run, or resuming the unfinished one) and answers its status
    /// once its plan is recorded; answers the status of the run this process is running already. Null when another
    /// process's mover runs one.
    /// </summary>
    public async Task<RebalanceStatus?> StartAsync(CancellationToken cancellationToken = default)
    {
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_running.IsCompleted)
            {
                return await StatusAsync(cancellationToken).ConfigureAwait(false);
            }

            var session = await LockAsync(cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return null;
            }

            long run;
            try
            {
                run = await PlanAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _running = Task.Run(() => RunLoggedAsync(session, run), CancellationToken.None);
            return await StatusAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// Runs a rebalance to its end in the foreground (the Silo's <c>rebalance</c> verb), reporting after each move.
    /// Null when another process's mover runs one.
    /// </summary>
    public async Task<RebalanceStatus?> RunAsync(IProgress<RebalanceStatus>? progress, CancellationToken cancellationToken = default)
    {
        await using var session = await LockAsync(cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return null;
        }

        var run = await PlanAsync(session, cancellationToken).ConfigureAwait(false);
        await RunMovesAsync(session, run, progress, cancellationToken).ConfigureAwait(false);
        return await StatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The session that holds the mover's lock, or null when another holds it. Not pooled: a pooled connection goes back
    /// to the pool without a reset (<see cref="ShardDataSources"/>), lock and all.
    /// </summary>
    private async Task<NpgsqlConnection?> LockAsync(CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.Directory) { Pooling = false, ApplicationName = "evently-rebalance" }.ConnectionString;
        NpgsqlConnection? session = null;
        try
        {
            session = new NpgsqlConnection(connectionString);
            await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, 0)", session);
            command.Parameters.AddWithValue("space", RebalanceStore.LockSpace);
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }

            var held = session;
            session = null;
            return held;
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>The unfinished run, or a new one planned from the rows the shards hold now.</summary>
    private async Task<long> PlanAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        if (await RebalanceStore.UnfinishedAsync(session, cancellationToken).ConfigureAwait(false) is { } unfinished)
        {
            LogResumed(logger, unfinished);
            return unfinished;
        }

        await databases.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        var map = databases.Map;
        var rows = await RebalanceStore.RowsOfBucketsAsync(databases.Shards, cancellationToken).ConfigureAwait(false);
        var plan = RebalancePlanner.Plan(map, rows);
        var run = await RebalanceStore.CreateAsync(session, plan, cancellationToken).ConfigureAwait(false);
        var planned = plan.Sum(s => s.Rows);
        LogPlanned(logger, run, plan.Count, planned, map.Epoch);
        return run;
    }

    private async Task RunLoggedAsync(NpgsqlConnection session, long run)
    {
        await using (session.ConfigureAwait(false))
        {
            try
            {
                await RunMovesAsync(session, run, null, lifetime.ApplicationStopping).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a background run that fails is left for the next start to resume; the log says why
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogStopped(logger, ex, run);
            }
        }
    }

    private async Task RunMovesAsync(NpgsqlConnection session, long run, IProgress<RebalanceStatus>? progress, CancellationToken cancellationToken)
    {
        foreach (var (step, move, begun) in await RebalanceStore.PendingAsync(session, run, cancellationToken).ConfigureAwait(false))
        {
            await RebalanceStore.MarkAsync(session, run, step, "moving", cancellationToken).ConfigureAwait(false);
            await databases.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
            var at = databases.Map.ShardOfBucket(move.Bucket);
            var state = "done";
            if (at == move.From)
            {
                // Never begun, or begun and not flipped: the move from the start (its copy replaces a dead mover's).
                await administration.MoveBucketAsync(move.Bucket, move.To, token => probe.CopiedAsync(move, token), cancellationToken).ConfigureAwait(false);
            }
            else if (at == move.To && begun)
            {
                // Flipped by a mover that died before its source delete committed: what it left on the source goes.
                var left = await BucketMover.PurgeAsync(databases.Shards[move.From], move.Bucket, cancellationToken).ConfigureAwait(false);
                LogCompleted(logger, move.Bucket, move.From, left);
            }
            else if (at != move.To)
            {
                // An operator moved the bucket elsewhere meanwhile: the plan no longer fits it.
                state = "skipped";
            }

            await RebalanceStore.MarkAsync(session, run, step, state, CancellationToken.None).ConfigureAwait(false);
            progress?.Report(await StatusAsync(cancellationToken).ConfigureAwait(false));
        }

        await RebalanceStore.FinishAsync(session, run, CancellationToken.None).ConfigureAwait(false);
        LogFinished(logger, run);
    }

    [LoggerMessage(EventId = 4321, Level = LogLevel.Information, Message = "Rebalance {Run} planned: {Moves} bucket moves, {Rows} rows (map epoch {Epoch})")]
    private static partial void LogPlanned(ILogger logger, long run, int moves, long rows, long epoch);

    [LoggerMessage(EventId = 4322, Level = LogLevel.Information, Message = "Rebalance {Run} resumed where its last mover stopped")]
    private static partial void LogResumed(ILogger logger, long run);

    [LoggerMessage(EventId = 4323, Level = LogLevel.Information, Message = "Bucket {Bucket}: its flip had committed; {Events} events left on shard {Shard} by the mover that died were deleted")]
    private static partial void LogCompleted(ILogger logger, int bucket, int shard, int events);

    [LoggerMessage(EventId = 4324, Level = LogLevel.Information, Message = "Rebalance {Run} finished")]
    private static partial void LogFinished(ILogger logger, long run);

    [LoggerMessage(EventId = 4325, Level = LogLevel.Warning, Message = "Rebalance {Run} stopped part-way; starting a rebalance again resumes it")]
    private static partial void LogStopped(ILogger logger, Exception exception, long run);
}
