using System.Text.Json;
using Evently.Core.Batches;
using Evently.Domain.Seating;
using Npgsql;

namespace Evently.Persistence.Storage;

/// <summary>
/// The batch commands that write reserved seats: a new plan, then the seats owners gave back (each row must be there),
/// then the seats owners took (a seat already taken breaks the primary key and fails the batch).
/// </summary>
internal static class SeatCommands
{
    /// <summary>How plans are stored as JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every seat command of the batch, each with the rows it must change when that is known.</summary>
    public static IEnumerable<(NpgsqlBatchCommand Command, int? Expected, string What)> ForBatch(Guid eventId, EventBatch batch)
    {
        if (batch.SeatingPlan is { } plan)
        {
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO seating_plans (event_id, plan, seat_count, updated_at) VALUES (@event, @plan::jsonb, @count, now())
                ON CONFLICT (event_id) DO UPDATE SET plan = excluded.plan, seat_count = excluded.seat_count, updated_at = excluded.updated_at
                """);
            upsert.Parameters.AddWithValue("event", eventId);
            upsert.Parameters.AddWithValue("plan", JsonSerializer.Serialize(plan, Json));
            upsert.Parameters.AddWithValue("count", plan.SeatCount);
            yield return (upsert, 1, "setting the seating plan");
        }

        foreach (var held in new[] { false, true })
        {
            var given = batch.Seats.Where(w => !w.Take && w.Held == held).ToList();
            if (given.Count > 0)
            {
                var delete = new NpgsqlBatchCommand(held
                    ? "DELETE FROM held_seats WHERE event_id = @event AND holder_id = ANY(@owners)"
                    : "DELETE FROM booking_seats WHERE event_id = @event AND booking_id = ANY(@owners)");
                delete.Parameters.AddWithValue("event", eventId);
                delete.Parameters.Add(new NpgsqlParameter<Guid[]>("owners", given.Select(w => w.Owner).ToArray()));
                yield return (delete, given.Sum(w => w.Seats.Length), held ? "freeing held seats" : "freeing sold seats");
            }
        }

        foreach (var held in new[] { false, true })
        {
            var taken = batch.Seats.Where(w => w.Take && w.Held == held).ToList();
            if (taken.Count > 0)
            {
                var insert = new NpgsqlBatchCommand(held
                    ? "INSERT INTO held_seats (event_id, seat, holder_id) SELECT @event, s, o FROM unnest(@seats, @owners) AS t(s, o)"
                    : "INSERT INTO booking_seats (event_id, seat, booking_id) SELECT @event, s, o FROM unnest(@seats, @owners) AS t(s, o)");
                insert.Parameters.AddWithValue("event", eventId);
                insert.Parameters.Add(new NpgsqlParameter<int[]>("seats", taken.SelectMany(w => w.Seats).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<Guid[]>("owners", taken.SelectMany(w => w.Seats.Select(_ => w.Owner)).ToArray()));
                yield return (insert, taken.Sum(w => w.Seats.Length), held ? "holding seats" : "selling seats");
            }
        }
    }

    /// <summary>The event was cancelled: every seat of it is free again.</summary>
    public static IEnumerable<(NpgsqlBatchCommand Command, int? Expected, string What)> FreeAll(Guid eventId)
    {
        foreach (var table in new[] { "booking_seats", "held_seats" })
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE event_id = @event");
            delete.Parameters.AddWithValue("event", eventId);
            yield return (delete, null, $"freeing every seat ({table})");
        }
    }

    /// <summary>The stored plan, or null.</summary>
    public static SeatingPlan? ReadPlan(string json) => JsonSerializer.Deserialize<SeatingPlan>(json, Json);
}
