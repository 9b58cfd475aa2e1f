using Evently.Persistence.Sharding;

namespace Evently.Persistence.Queries;

/// <summary>
/// Checks the booking path's invariants shard by shard, straight from the tables:
/// <c>available + held + Σ confirmed quantity = capacity</c> for every event, and booking totals that add up.
/// </summary>
public sealed class Auditor(ShardAggregator aggregator)
{
    private static readonly (string Check, string Sql)[] Checks =
    [
        ("seat_equation", """
            SELECT e.id, format('available %s + held %s + confirmed %s <> capacity %s', e.available_seats, e.held_seats, coalesce(b.sold, 0), e.total_capacity)
            FROM events e
            LEFT JOIN (SELECT event_id, sum(quantity) AS sold FROM bookings WHERE status = 'confirmed' GROUP BY event_id) b ON b.event_id = e.id
            WHERE e.available_seats + e.held_seats + coalesce(b.sold, 0) <> e.total_capacity
            """),
        ("booking_total", """
            SELECT event_id, format('booking %s: %s x %s <> %s', booking_ref, quantity, unit_price, total_amount)
            FROM bookings WHERE round(quantity * unit_price, 2) <> total_amount
            """),
        ("cancelled_event_bookings", """
            SELECT b.event_id, format('%s confirmed bookings on a cancelled event', count(*))
            FROM bookings b JOIN events e ON e.id = b.event_id
            WHERE e.status = 'cancelled' AND b.status = 'confirmed' GROUP BY b.event_id
            """),
    ];

    /// <summary>Every finding on every shard; empty when all invariants hold.</summary>
    public async Task<IReadOnlyList<AuditFinding>> RunAsync(CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            var findings = new List<(string, Guid?, string)>();
            foreach (var (check, sql) in Checks)
            {
                await using var command = shard.CreateCommand(sql);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    findings.Add((check, reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.GetString(1)));
                }
            }

            return findings;
        }, cancellationToken).ConfigureAwait(false);
        return perShard.SelectMany((findings, shard) => findings.Select(f => new AuditFinding(shard, f.Item1, f.Item2, f.Item3))).ToList();
    }
}
