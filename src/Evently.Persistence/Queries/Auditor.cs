using Evently.Persistence.Sharding;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Evently.Persistence.Queries;

/// <summary>
/// Checks the booking path's invariants straight from the tables: shard by shard (<see cref="AuditChecks"/>), and
/// across databases that every event holding promoted seats has the durable reminder that will expire them.
/// </summary>
public sealed class Auditor(ShardAggregator aggregator, ShardDataSources databases, IOptions<ClusterOptions> cluster)
{
    // EventGrain's expiry reminder, as Orleans stores it: the grain id is "<grain type>/<Guid key, 32 hex digits>".
    private const string ReminderName = "promotion-expiry";
    private const string EventGrainType = "event";

    // A reminder registered for a deadline starts at that deadline, to the millisecond; allow for rounding and clocks.
    private static readonly TimeSpan ReminderSlack = TimeSpan.FromSeconds(1);

    /// <summary>Every finding on every shard; empty when all invariants hold.</summary>
    public async Task<IReadOnlyList<AuditFinding>> RunAsync(CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            var findings = new List<(string, Guid?, string)>();
            foreach (var (check, sql) in AuditChecks.PerShard)
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
        var findings = perShard.SelectMany((found, shard) => found.Select(f => new AuditFinding(shard, f.Item1, f.Item2, f.Item3))).ToList();
        findings.AddRange(await PromotionRemindersAsync(cancellationToken).ConfigureAwait(false));
        return findings;
    }

    /// <summary>
    /// <c>promotion_reminder</c>: the timer that expires promotions lives only as long as the activation; the reminder
    /// must exist, due no later than the earliest active promotion or checkout hold, or a deactivated event holds its seats forever.
    /// A promotion committed or expired between the two reads can show up once; re-run to confirm.
    /// </summary>
    private async Task<IEnumerable<AuditFinding>> PromotionRemindersAsync(CancellationToken cancellationToken)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            // Checkout holds share the promotions' reminder: the earliest deadline of either must be covered.
            await using var command = shard.CreateCommand("""
                SELECT event_id, min(expires_at) FROM (
                    SELECT event_id, expires_at FROM waitlist_promotions WHERE status = 'active'
                    UNION ALL
                    SELECT event_id, expires_at FROM holds WHERE status = 'held') d
                GROUP BY event_id
                """);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var earliest = new List<(Guid Event, DateTime ExpiresAt)>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                earliest.Add((reader.GetGuid(0), reader.GetDateTime(1)));
            }

            return earliest;
        }, cancellationToken).ConfigureAwait(false);
        var held = perShard.SelectMany((events, shard) => events.Select(e => (Shard: shard, e.Event, e.ExpiresAt))).ToList();
        if (held.Count == 0)
        {
            return [];
        }

        var reminders = await ReminderStartsAsync(held.Select(h => GrainId(h.Event)).ToArray(), cancellationToken).ConfigureAwait(false);
        var findings = new List<AuditFinding>();
        foreach (var (shard, eventId, expiresAt) in held)
        {
            if (!reminders.TryGetValue(GrainId(eventId), out var start))
            {
                findings.Add(new AuditFinding(shard, "promotion_reminder", eventId,
                    $"a promotion expires at {expiresAt:O} but the event has no {ReminderName} reminder"));
            }
            else if (start > expiresAt + ReminderSlack)
            {
                findings.Add(new AuditFinding(shard, "promotion_reminder", eventId,
                    $"the {ReminderName} reminder starts at {start:O}, after the earliest promotion expiry {expiresAt:O}"));
            }
        }

        return findings;
    }

    private async Task<Dictionary<string, DateTime>> ReminderStartsAsync(string[] grainIds, CancellationToken cancellationToken)
    {
        await using var command = databases.Directory.CreateCommand("""
            SELECT grainid, starttime FROM orleansreminderstable
            WHERE serviceid = @service AND remindername = @name AND grainid = ANY(@grains)
            """);
        command.Parameters.AddWithValue("service", cluster.Value.ServiceId);
        command.Parameters.AddWithValue("name", ReminderName);
        command.Parameters.AddWithValue("grains", grainIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var starts = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            starts[reader.GetString(0)] = reader.GetDateTime(1);
        }

        return starts;
    }

    private static string GrainId(Guid eventId) => $"{EventGrainType}/{eventId:N}";
}
