using Evently.Domain.Sharding;
using Npgsql;

namespace Evently.IntegrationTests.Analytics;

/// <summary>Direct SQL for the analytics data set: rows at chosen past instants, and the raw rows back from every shard.</summary>
public static class AnalyticsSql
{
    /// <summary>Inserts an event row (never touched through the API, so no grain caches it).</summary>
    public static Task InsertEventAsync(string shard, Guid id, Guid organizer, string name, int capacity, int available, int held, decimal price, string status) =>
        ExecuteAsync(shard, """
            INSERT INTO events (id, organizer_id, name, venue, event_date, total_capacity, available_seats, held_seats, price, base_price, status)
            VALUES (@id, @organizer, @name, 'Analytics Hall', '2025-04-01T19:00:00Z', @capacity, @available, @held, @price, @price, @status)
            """, ("id", id), ("organizer", organizer), ("name", name), ("capacity", capacity), ("available", available), ("held", held),
            ("price", price), ("status", status));

    /// <summary>Inserts a booking created at <paramref name="created"/>, cancelled at <paramref name="cancelled"/> when set.</summary>
    public static Task InsertBookingAsync(string shard, Guid eventId, DateTimeOffset created, int quantity, decimal amount, DateTimeOffset? cancelled = null) =>
        ExecuteAsync(shard, """
            INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, status, created_at, cancelled_at)
            VALUES (@id, @user, @event, @ref, @quantity, @unit, @amount, @status, @created, @cancelled)
            """, ("id", Buckets.MintId(Buckets.Of(eventId), created)), ("user", Guid.NewGuid()), ("event", eventId),
            ("ref", "AN-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()), ("quantity", quantity), ("unit", amount / quantity),
            ("amount", amount), ("status", cancelled is null ? "confirmed" : "cancelled"), ("created", created),
            ("cancelled", cancelled is { } at ? at : DBNull.Value));

    /// <summary>Inserts a waitlist entry that joined at <paramref name="joined"/>.</summary>
    public static Task InsertWaitlistAsync(string shard, Guid eventId, DateTimeOffset joined, string status, int position) =>
        ExecuteAsync(shard, """
            INSERT INTO waitlists (id, user_id, event_id, position, joined_at, status)
            VALUES (@id, @user, @event, @position, @joined, @status)
            """, ("id", Guid.NewGuid()), ("user", Guid.NewGuid()), ("event", eventId), ("position", position), ("joined", joined), ("status", status));

    /// <summary>Every booking, event and waitlist row of every shard.</summary>
    public static async Task<RawTables> ReadAllAsync(IEnumerable<string> shards)
    {
        var bookings = new List<RawBooking>();
        var events = new List<RawEvent>();
        var waitlists = new List<RawWaitlist>();
        foreach (var shard in shards)
        {
#pragma warning disable CA2000 // `await using` disposes it on every path; the analyzer misreads it inside the loop
            await using var connection = new NpgsqlConnection(shard);
#pragma warning restore CA2000
            await connection.OpenAsync();
            await ReadAsync(connection, "SELECT event_id, created_at, cancelled_at, status, quantity, total_amount FROM bookings", r => bookings.Add(new RawBooking(
                r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), r.GetInt32(4), r.GetDecimal(5))));
            await ReadAsync(connection, "SELECT id, name, total_capacity, held_seats, status FROM events", r => events.Add(new RawEvent(
                r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4))));
            await ReadAsync(connection, "SELECT joined_at, status FROM waitlists", r => waitlists.Add(new RawWaitlist(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1))));
        }

        return new RawTables(bookings, events, waitlists);
    }

    private static async Task ReadAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader> row)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            row(reader);
        }
    }

    private static async Task ExecuteAsync(string shard, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(shard);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
