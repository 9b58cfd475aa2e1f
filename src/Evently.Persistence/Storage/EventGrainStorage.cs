using System.Globalization;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;
using Evently.Persistence.Sharding;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Evently.Persistence.Storage;

/// <summary>
/// Grain storage for <see cref="EventState"/> that writes the ERD rows on the event's own shard.
/// The events row's <c>version</c> is the ETag: a write whose expected version no longer matches
/// throws <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public sealed class EventGrainStorage(ShardDataSources databases, TimeProvider time) : IGrainStorage
{
    /// <summary>The provider name event grains persist through.</summary>
    public const string Name = "evently-events";

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsEventState(grainState);
        var id = grainId.GetGuidKey();
        await using var command = databases.ForId(id).CreateCommand("""
            SELECT organizer_id, name, description, venue, event_date, total_capacity, available_seats, held_seats,
                   price, base_price, pricing_policy, status, promotion_window_minutes, version, created_at, updated_at
            FROM events WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            state.Event = null;
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        state.Event = new EventRow(
            id,
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            new SeatLedger(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)),
            reader.GetDecimal(8),
            reader.GetDecimal(9),
            reader.GetString(10),
            reader.GetString(11),
            reader.GetInt32(12),
            reader.GetInt64(13),
            reader.GetFieldValue<DateTimeOffset>(14),
            reader.GetFieldValue<DateTimeOffset>(15));
        await reader.DisposeAsync().ConfigureAwait(false);
        await LoadWaitlistAsync(databases.ForId(id), id, state).ConfigureAwait(false);
        grainState.ETag = state.Event.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    private static async Task LoadWaitlistAsync(NpgsqlDataSource dataSource, Guid eventId, EventState state)
    {
        state.LoadedWaitlist.Clear();
        await using var command = dataSource.CreateCommand("""
            SELECT w.id, w.user_id, w.quantity, w.priority_score, w.joined_at, w.status, w.notification_preferences ->> 'webhookUrl',
                   p.id, p.quantity, p.promoted_at, p.expires_at
            FROM waitlists w
            LEFT JOIN waitlist_promotions p ON p.waitlist_id = w.id AND p.status = 'active'
            WHERE w.event_id = @event
            """);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var promotion = reader.IsDBNull(7)
                ? null
                : new Promotion(reader.GetGuid(7), reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10));
            state.LoadedWaitlist.Add(new WaitlistEntry(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), promotion));
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsEventState(grainState);
        var row = state.Event ?? throw new InvalidOperationException("Cannot write an event state without its row.");
        var dataSource = databases.ForId(row.Id);
        long newVersion;
        if (grainState.ETag is null)
        {
            await InsertEventAsync(dataSource, row).ConfigureAwait(false);
            newVersion = row.Version;
        }
        else
        {
            var expected = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            newVersion = await CommitBatchAsync(dataSource, state, row, expected).ConfigureAwait(false);
        }

        state.ClearBatch();
        state.Event = row with { Version = newVersion };
        grainState.ETag = newVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        throw new NotSupportedException("Events are cancelled, never deleted.");

    private static EventState AsEventState<T>(IGrainState<T> grainState) =>
        grainState.State as EventState ?? throw new NotSupportedException($"{Name} stores only {nameof(EventState)}.");

    private static async Task InsertEventAsync(NpgsqlDataSource dataSource, EventRow row)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO events (id, organizer_id, name, description, venue, event_date, total_capacity, available_seats,
                                held_seats, price, base_price, pricing_policy, status, promotion_window_minutes, version,
                                created_at, updated_at)
            VALUES (@id, @organizer, @name, @description, @venue, @date, @capacity, @available, @held, @price, @basePrice,
                    @policy, @status, @window, @version, @createdAt, @updatedAt)
            """);
        EventCommands.AddEventParameters(command.Parameters, row);
        command.Parameters.AddWithValue("organizer", row.OrganizerId);
        command.Parameters.AddWithValue("version", row.Version);
        command.Parameters.AddWithValue("createdAt", row.CreatedAt);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<long> CommitBatchAsync(NpgsqlDataSource dataSource, EventState state, EventRow row, long expected)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in EventCommands.ForBatch(state, row, time.GetUtcNow()))
        {
            batch.BatchCommands.Add(command);
        }

        // The events row goes last: its version check decides whether the whole batch stands.
        var update = EventCommands.UpdateEvent(row, expected);
        batch.BatchCommands.Add(update);
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (update.RecordsAffected != 1)
        {
            await transaction.RollbackAsync().ConfigureAwait(false);
            throw new InconsistentStateException(
                $"Event {row.Id} was changed by another writer (expected version {expected}).",
                storedEtag: null,
                currentEtag: expected.ToString(CultureInfo.InvariantCulture));
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return expected + 1;
    }
}
