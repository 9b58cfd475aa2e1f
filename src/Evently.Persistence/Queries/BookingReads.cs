using Evently.Contracts.Bookings;
using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>Reads of the bookings table: one booking, an event's idempotency keys, a user's history across shards.</summary>
public sealed class BookingReads(ShardDataSources databases, ShardAggregator aggregator)
{
    private const string Columns = Storage.BookingRows.Columns;

    private static readonly NewestFirst<BookingView> Newest = new(b => b.CreatedAt, b => b.Id);

    /// <summary>The booking with this id, found on the shard its id routes to.</summary>
    public async Task<BookingView?> GetAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(bookingId).CreateCommand($"SELECT {Columns} FROM bookings WHERE id = @id");
        command.Parameters.AddWithValue("id", bookingId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>The event and owner of the booking with this id (all a front end needs to route a cancel), or null.</summary>
    public async Task<BookingOwner?> FindOwnerAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(bookingId).CreateCommand("SELECT event_id, user_id FROM bookings WHERE id = @id");
        command.Parameters.AddWithValue("id", bookingId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new BookingOwner(reader.GetGuid(0), reader.GetGuid(1)) : null;
    }

    /// <summary>Every booking of an event that carries an idempotency key, for a fresh activation to remember.</summary>
    public async Task<IReadOnlyList<BookingView>> WithIdempotencyKeysAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(eventId).CreateCommand(
            $"SELECT {Columns} FROM bookings WHERE event_id = @event AND idempotency_key IS NOT NULL");
        command.Parameters.AddWithValue("event", eventId);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A user's bookings across every shard, newest first.</summary>
    public Task<Paged<BookingView>> ForUserAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken = default) =>
        aggregator.PageAsync(
            (shard, limit) =>
            {
                var command = shard.CreateCommand($"""
                    SELECT {Columns}, count(*) OVER () FROM bookings WHERE user_id = @user
                    ORDER BY created_at DESC, id DESC LIMIT @limit
                    """);
                command.Parameters.AddWithValue("user", userId);
                command.Parameters.AddWithValue("limit", limit);
                return command;
            },
            Read, Newest, page, pageSize, cancellationToken);

    private static async Task<IReadOnlyList<BookingView>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<BookingView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    private static BookingView Read(NpgsqlDataReader reader) => BookingViews.From(Storage.BookingRows.Read(reader));
}
