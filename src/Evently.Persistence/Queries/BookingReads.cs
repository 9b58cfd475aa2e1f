using Evently.Domain.Bookings;
using Evently.Persistence.Sharding;
using Evently.Persistence.Storage;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>
/// Reads of the bookings table: one booking, or a user's history across shards. A confirmed booking of a seated event is
/// read with its seats (<c>booking_seats</c>), named by the event's seating plan.
/// </summary>
public sealed class BookingReads(ShardDataSources databases, ShardAggregator aggregator)
{
    // The booking's columns, then its sold seats by index (null for general admission and once cancelled) and the version
    // of its event's plan in the same snapshot; a list query adds its count(*) OVER () after them.
    private const string Select = $"""
        SELECT {BookingRows.Columns},
               (SELECT array_agg(s.seat ORDER BY s.seat) FROM booking_seats s WHERE s.event_id = bookings.event_id AND s.booking_id = bookings.id),
               (SELECT p.updated_at FROM seating_plans p WHERE p.event_id = bookings.event_id)
        """;

    // A plan read in another snapshot than the seats may have been replaced in between: that needs every seat freed, so the
    // booking was cancelled meanwhile, and reading it again gives its seats as they now stand.
    private const int Attempts = 3;

    private static readonly NewestFirst<Row> Newest = new(r => r.Booking.CreatedAt, r => r.Booking.Id);

    private readonly SeatingPlanCache _plans = new(databases);

    /// <summary>The booking with this id, found on the shard its id routes to.</summary>
    public async Task<Booking?> GetAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var command = databases.ForId(bookingId).CreateCommand($"{Select} FROM bookings WHERE id = @id");
            command.Parameters.AddWithValue("id", bookingId);
            Row? row;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                row = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
            }

            if (row is null)
            {
                return null;
            }

            var named = await NameSeatsAsync([row], attempt == Attempts, cancellationToken).ConfigureAwait(false);
            if (named is not null)
            {
                return named[0];
            }
        }
    }

    /// <summary>The event and owner of the booking with this id (all a front end needs to route a cancel), or null.</summary>
    public async Task<BookingOwner?> FindOwnerAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(bookingId).CreateCommand("SELECT event_id, user_id FROM bookings WHERE id = @id");
        command.Parameters.AddWithValue("id", bookingId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new BookingOwner(reader.GetGuid(0), reader.GetGuid(1)) : null;
    }

    /// <summary>A user's bookings across every shard, newest first.</summary>
    public async Task<Paged<Booking>> ForUserAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rows = await aggregator.PageAsync(
                (shard, limit) =>
                {
                    var command = shard.CreateCommand($"""
                        {Select}, count(*) OVER () FROM bookings WHERE user_id = @user
                        ORDER BY created_at DESC, id DESC LIMIT @limit
                        """);
                    command.Parameters.AddWithValue("user", userId);
                    command.Parameters.AddWithValue("limit", limit);
                    return command;
                },
                Read, Newest, page, pageSize, cancellationToken).ConfigureAwait(false);
            var named = await NameSeatsAsync(rows.Items, attempt == Attempts, cancellationToken).ConfigureAwait(false);
            if (named is not null)
            {
                return new Paged<Booking>(named, rows.Page, rows.PageSize, rows.TotalCount);
            }
        }
    }

    /// <summary>
    /// The bookings with their seats named; null when some event's plan changed after the rows were read (read again),
    /// unless <paramref name="last"/>, when such a booking is answered without seats rather than with wrong ones.
    /// </summary>
    private async Task<List<Booking>?> NameSeatsAsync(IReadOnlyList<Row> rows, bool last, CancellationToken cancellationToken)
    {
        var bookings = new List<Booking>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Seats is not { Length: > 0 } seats || row.PlanAt is not { } planAt)
            {
                bookings.Add(row.Booking);
                continue;
            }

            var plan = await _plans.GetAsync(row.Booking.EventId, planAt, cancellationToken).ConfigureAwait(false);
            if (plan is null && !last)
            {
                return null;
            }

            bookings.Add(plan is null ? row.Booking : row.Booking with { Seats = plan.SeatIds(seats) });
        }

        return bookings;
    }

    private static Row Read(NpgsqlDataReader reader) => new(
        BookingRows.Read(reader),
        reader.IsDBNull(BookingRows.ColumnCount) ? null : reader.GetFieldValue<int[]>(BookingRows.ColumnCount),
        reader.IsDBNull(BookingRows.ColumnCount + 1) ? null : reader.GetFieldValue<DateTimeOffset>(BookingRows.ColumnCount + 1));

    /// <summary>A booking as read, with its sold seats by index and the version of the plan that names them.</summary>
    private sealed record Row(Booking Booking, int[]? Seats, DateTimeOffset? PlanAt);
}
