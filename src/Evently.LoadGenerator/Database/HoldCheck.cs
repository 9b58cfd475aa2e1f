using Evently.LoadGenerator.Reporting;
using Npgsql;

namespace Evently.LoadGenerator.Database;

/// <summary>
/// After a checkout sale: held seats equal Σ active promotions + Σ active holds, every confirmed hold has its confirmed
/// booking, and nothing is left held past its deadline. Adds what it finds to the database check.
/// </summary>
public static class HoldCheck
{
    public static async Task AddAsync(ScenarioReport report, DatabaseCheckResult result, string connectionString, Guid eventId, CancellationToken ct)
    {
        foreach (var database in result.Databases)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = database, Pooling = false };
            await using var conn = new NpgsqlConnection(builder.ConnectionString);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                SELECT (SELECT held_seats FROM events WHERE id = @e),
                       coalesce((SELECT sum(quantity) FROM waitlist_promotions WHERE event_id = @e AND status = 'active'), 0)
                       + coalesce((SELECT sum(quantity) FROM holds WHERE event_id = @e AND status = 'held'), 0),
                       (SELECT count(*) FROM holds h LEFT JOIN bookings b ON b.id = h.booking_id
                        WHERE h.event_id = @e AND h.status = 'confirmed' AND (b.id IS NULL OR b.status <> 'confirmed' OR b.quantity <> h.quantity)),
                       (SELECT count(*) FROM holds WHERE event_id = @e),
                       (SELECT count(*) FROM holds WHERE event_id = @e AND status = 'confirmed')
                """, conn);
            cmd.Parameters.AddWithValue("e", eventId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
            {
                continue;
            }

            var held = reader.GetInt32(0);
            var sum = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            var orphans = reader.GetInt64(2);
            report.Notes.Add($"database: {reader.GetInt64(3):N0} holds, {reader.GetInt64(4):N0} confirmed; held seats {held} = Σ active promotions + holds {sum}: {(held == sum ? "yes" : "NO")}; confirmed holds without their booking: {orphans}");
            if (held != sum || orphans > 0)
            {
                result.Problems.Add($"holds of event {eventId}: held seats {held} <> Σ active promotions + holds {sum}, or {orphans} confirmed holds without their booking");
                result.Passed = false;
            }
        }
    }
}
