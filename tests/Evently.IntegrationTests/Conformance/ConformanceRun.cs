using Evently.Core;
using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Persistence.Storage;
using Npgsql;

namespace Evently.IntegrationTests.Conformance;

/// <summary>
/// Runs one case through the simulated store and the PostgreSQL store, a fresh event on each: every batch must end
/// alike in both (committed at the same version, or failed with the same <see cref="StoreFailure"/>), and after it
/// both must read back the same. Stops at the first difference, which it describes. Counts each kind of batch by how it
/// ended in <c>tally</c>, so the test can tell that its cases reach every outcome.
/// </summary>
internal sealed class ConformanceRun(PostgresEventStore postgres, NpgsqlDataSource shard, Dictionary<string, int> tally)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly Guid _eventId = Guid.CreateVersion7();
    private readonly List<string> _violations = [];
    private readonly Random _random = new(1);

    /// <summary>The first difference between the stores, or null when they agreed all along.</summary>
    public async Task<string?> RunAsync(ConformanceCase conformanceCase)
    {
        var sim = new SimStore(_violations.Add);
        var batches = new ConformanceBatches(sim, _eventId);
        var record = new EventRecord(_eventId, Guid.CreateVersion7(), "Conformance", "", "Hall", Start.AddDays(30), SeatLedger.ForCapacity(conformanceCase.Capacity),
            10.00m, 10.00m, "fixed", EventStatus.Published, 15, 1, Start, Start, new SaleSettings(Start, Start.AddDays(30)), 10);
        sim.Create(record);
        await postgres.CreateAsync(record);
        var log = new List<string>();
        if (conformanceCase.Seated && await CompareAsync(sim, batches, batches.Plan(conformanceCase.Capacity, Start), 1, "the seating plan", "Plan", log) is { } planDifference)
        {
            return planDifference;
        }

        for (var i = 0; i < conformanceCase.Steps.Length; i++)
        {
            var step = conformanceCase.Steps[i];
            var batch = batches.Build(step, Start.AddMinutes(i + 1));
            var expected = sim.Event.Version + step.Stale switch { 1 => -1, 2 => 1, _ => 0 };
            if (await CompareAsync(sim, batches, batch, expected, $"step {i} {step}", step.Kind.ToString(), log) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private async Task<string?> CompareAsync(SimStore sim, ConformanceBatches batches, EventBatch batch, long expected, string what, string kind, List<string> log)
    {
        string simulated;
        try
        {
            simulated = $"committed at version {sim.Apply(batch, expected)}";
        }
        catch (EventStoreException ex)
        {
            simulated = $"failed: {ex.Failure}";
        }
#pragma warning disable CA1031 // Any other exception is a difference to report, not a reason to stop the comparison.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            simulated = $"threw {ex.GetType().Name}: {ex.Message}";
        }

        string real;
        try
        {
            real = $"committed at version {await postgres.CommitAsync(batch, expected)}";
            Count($"{kind} committed");
        }
        catch (EventStoreException ex)
        {
            real = $"failed: {ex.Failure} ({ex.InnerException?.Message ?? ex.Message})";
            Count($"{kind} {ex.Failure}");
            Count($"{ex.Failure}");
        }

        log.Add($"{what}: {real}");
        if (!real.StartsWith(simulated, StringComparison.Ordinal))
        {
            return Report(what, $"the simulated store {simulated}; PostgreSQL {real}", log);
        }

        var mine = ReadSimulated(sim, batches).Lines();
        var theirs = (await ReadPostgresAsync(batches)).Lines();
        var onlyMine = mine.Except(theirs).ToList();
        var onlyTheirs = theirs.Except(mine).ToList();
        if (onlyMine.Count + onlyTheirs.Count == 0 && mine.Count == theirs.Count)
        {
            return null;
        }

        return Report(what, "the stores read back differently:\n  simulated only:\n    " + string.Join("\n    ", onlyMine)
            + "\n  PostgreSQL only:\n    " + string.Join("\n    ", onlyTheirs), log);
    }

    private void Count(string what) => tally[what] = tally.GetValueOrDefault(what) + 1;

    private string Report(string what, string difference, List<string> log) =>
        $"After {what}, {difference}\nBatches (PostgreSQL's outcome):\n  {string.Join("\n  ", log)}"
        + (_violations.Count > 0 ? $"\nWhat the simulated store flagged (expected of faulty batches):\n  {string.Join("\n  ", _violations)}" : "");

    private StoreReads ReadSimulated(SimStore sim, ConformanceBatches batches)
    {
        var version = sim.Event.Version;
        return new StoreReads(
            sim.Load(),
            [.. batches.BookingIds.Select(id => sim.BookingAsOf(id, version, _random))],
            sim.KeyedAsOf(Keys(batches), version, _random),
            [.. batches.HoldIds.Select(id => sim.HoldAsOf(id, version, _random))],
            sim.KeyedHoldsAsOf(Keys(batches), version, _random),
            [.. sim.Notifications.Select(n => Notification(n.Kind == "event_cancelled" ? null : n.Id, n.UserId, n.Kind, n.WebhookUrl, n.Payload, n.CreatedAt))],
            sim.PriceChanges);
    }

    private async Task<StoreReads> ReadPostgresAsync(ConformanceBatches batches)
    {
        var bookings = new List<Evently.Domain.Bookings.Booking?>();
        foreach (var id in batches.BookingIds)
        {
            bookings.Add(await postgres.FindBookingAsync(id));
        }

        var holds = new List<Evently.Domain.Holds.Hold?>();
        foreach (var id in batches.HoldIds)
        {
            holds.Add(await postgres.FindHoldAsync(id));
        }

        var notifications = new List<string>();
        await using (var command = shard.CreateCommand(
            "SELECT id, user_id, kind, webhook_url, payload::text, created_at FROM notifications WHERE event_id = @event"))
        {
            command.Parameters.AddWithValue("event", _eventId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var kind = reader.GetString(2);
                notifications.Add(Notification(kind == "event_cancelled" ? null : reader.GetGuid(0), reader.GetGuid(1), kind,
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        await using var prices = shard.CreateCommand("SELECT count(*)::int FROM pricing_history WHERE event_id = @event");
        prices.Parameters.AddWithValue("event", _eventId);
        return new StoreReads(
            await postgres.LoadAsync(_eventId),
            bookings,
            await postgres.FindKeyedBookingsAsync(_eventId, Keys(batches)),
            holds,
            await postgres.FindKeyedHoldsAsync(_eventId, Keys(batches)),
            notifications,
            (int)(await prices.ExecuteScalarAsync())!);
    }

    // Every key used, and one never used.
    private static List<(Guid UserId, string Key)> Keys(ConformanceBatches batches) => [.. batches.Keys, (Guid.Empty, "never")];

    // Ids of event_cancelled rows are the store's own: left out.
    private static string Notification(Guid? id, Guid user, string kind, string? webhook, string payload, DateTimeOffset at) =>
        $"notification {StoreReads.Id(id)} to {StoreReads.Id(user)} {kind} webhook {webhook} payload {payload} at {StoreReads.Time(at)}";
}
