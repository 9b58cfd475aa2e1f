using Evently.Core.Queues;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The admissions a room's tick issues, and the two promises every issued admission keeps (not already over, in a slot
/// no older than the catch-up window): shared by the room simulation and the room-and-event simulation.
/// </summary>
internal static class IssuedAdmissions
{
    /// <summary>Ticks <paramref name="host"/> and returns the admissions it issued: synchronously, before the tick's first write.</summary>
    public static List<QueueEntry> Tick(WaitingRoomHost host)
    {
        var before = host.Room?.Entries.Where(e => e.Status == QueueEntry.Admitted).ToDictionary(e => e.UserId, e => e.AdmittedAt) ?? [];
        _ = host.TickAsync();
        return host.Room?.Entries
            .Where(e => e.Status == QueueEntry.Admitted && (!before.TryGetValue(e.UserId, out var at) || at != e.AdmittedAt))
            .ToList() ?? [];
    }

    /// <summary>What is wrong with <paramref name="issued"/>, issued at <paramref name="now"/> to <paramref name="who"/>.</summary>
    public static IEnumerable<string> Problems(QueueEntry issued, DateTimeOffset now, string who)
    {
        if (issued.AdmittedUntil <= now)
        {
            yield return $"{who} was admitted until {issued.AdmittedUntil:O}: already over.";
        }

        if (issued.AdmittedAt < now - WaitingRoom.CatchUp || issued.AdmittedAt > now)
        {
            yield return $"{who} was admitted in a slot at {issued.AdmittedAt:O}, outside [now - {WaitingRoom.CatchUp}, now].";
        }
    }
}
