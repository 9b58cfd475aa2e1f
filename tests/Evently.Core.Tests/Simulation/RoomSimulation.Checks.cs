using Evently.Core.Queues;

namespace Evently.Core.Tests.Simulation;

/// <summary>The waiting room simulation's promises, checked as answers are given and when all is quiet.</summary>
internal sealed partial class RoomSimulation
{
    private async Task JoinAsync(WaitingRoomHost host, Guid user)
    {
        var at = Clock.Now;
        var id = _ids[host];
        var mark = _applied.Count;
        var alongside = _joining.Contains((id, user, at));
        _joining.Add((id, user, at));
        var (result, place) = await host.JoinAsync(user, null);
        _joining.Remove((id, user, at));
        Log($"  join {user.ToString()[..8]} at {at:HH:mm:ss.fff}: {result} {place?.Status} {place?.Position}");
        switch (result)
        {
            case JoinResult.Joined or JoinResult.Found:
                if (place is null)
                {
                    _violations.Add($"A join of {user} answered {result} without a place.");
                    return;
                }

                CheckShown(place, "join");
                break;
            case JoinResult.Unavailable:
                // Nothing happened: this activation stored no entry of this join (unless an identical join ran alongside).
                if (!alongside && _applied.Skip(mark).FirstOrDefault(w => w.Host == id && w.Entry.UserId == user && w.Entry.JoinedAt == at) is { Entry: { } written })
                {
                    _violations.Add($"A join of {user} answered unavailable, but its entry was stored ({written}).");
                }

                break;
        }
    }

    private async Task ReadAsync(WaitingRoomHost host, Guid user)
    {
        if (await host.FindAsync(user) is { } place)
        {
            Log($"  read {user.ToString()[..8]}: {place.Status} {place.Position} {place.EstimatedWaitSeconds}");
            CheckShown(place, "read");
        }
    }

    private void Tick(WaitingRoomHost host)
    {
        var now = Clock.Now;
        foreach (var issued in IssuedAdmissions.Tick(host))
        {
            Log($"  admitted {issued.UserId.ToString()[..8]} at {issued.AdmittedAt:HH:mm:ss.fff} until {issued.AdmittedUntil:HH:mm:ss.fff}");
            _violations.AddRange(IssuedAdmissions.Problems(issued, now, $"At {now:O} {issued.UserId}"));
        }
    }

    /// <summary>What any activation shows was stored, and <c>admitted</c> only what the event accepts.</summary>
    private void CheckShown(QueuePlace place, string how)
    {
        var entry = place.Entry;
        if (!_store.Writes.Any(w => w.UserId == entry.UserId && w.Seq == entry.Seq))
        {
            _violations.Add($"A {how} showed {entry.UserId} in seq {entry.Seq}, which was never stored.");
        }

        if (place.Status == QueueEntry.Admitted)
        {
            if (!_store.Writes.Contains(entry))
            {
                _violations.Add($"A {how} showed {entry.UserId} admitted until {entry.AdmittedUntil:O}, an admission never stored.");
            }

            if (!_eventKnows.TryGetValue(entry.UserId, out var until) || until != entry.AdmittedUntil || until <= Clock.Now)
            {
                _violations.Add($"A {how} showed {entry.UserId} admitted until {entry.AdmittedUntil:O}, which the event would refuse.");
            }
        }

        if (place.Status is not (QueueEntry.Waiting or QueueEntry.Admitted or QueueEntry.Expired))
        {
            _violations.Add($"A {how} showed {entry.UserId} as {place.Status}.");
        }
    }

    /// <summary>An up-to-date activation with nothing in flight reads exactly what the store holds, positions dense.</summary>
    private void CheckQuiet(WaitingRoomHost host)
    {
        if (host.Broken || host.Version != _store.Version || host.Room is not { HasChanges: false } || _io.Count > 0 || _loop.Ready > 0)
        {
            return;
        }

        var now = Clock.Now;
        var line = _store.Entries.Values.Where(e => e.StatusAt(now) == QueueEntry.Waiting && e.Rank is not null).OrderBy(e => e.Rank).ThenBy(e => e.Seq)
            .Select((e, i) => (e.UserId, Position: i + 1)).ToDictionary(p => p.UserId, p => p.Position);
        foreach (var user in _users)
        {
            var stored = _store.Entries.GetValueOrDefault(user);
            var place = host.Find(user);
            if ((stored is null) != (place is null) || stored is not null && place!.Entry.Seq != stored.Seq)
            {
                _violations.Add($"Quiet, {user} reads {place?.Entry} but the store holds {stored}.");
                continue;
            }

            if (stored is null)
            {
                continue;
            }

            var expected = line.TryGetValue(user, out var position) ? position : (int?)null;
            if (place!.Position != expected)
            {
                _violations.Add($"Quiet, {user} reads position {place.Position}, the store says {expected}.");
            }

            if (stored.StatusAt(now) == QueueEntry.Admitted && place.Status != QueueEntry.Admitted && _eventKnows.ContainsKey(user))
            {
                // Handed off: the next tick shows it (checked after the ticks of the settling).
                continue;
            }
        }
    }

    /// <summary>Every stored admission in a slot of its own: at least one interval after the one before, so never a burst.</summary>
    private void CheckPace()
    {
        var slots = _store.Writes.Where(w => w.Status == QueueEntry.Admitted).Select(w => w.AdmittedAt!.Value).Distinct().Order().ToList();
        for (var i = 1; i < slots.Count; i++)
        {
            if (slots[i] - slots[i - 1] < Settings.AdmissionInterval)
            {
                _violations.Add($"Admissions at {slots[i - 1]:O} and {slots[i]:O}: closer than the pace allows ({Settings.AdmissionInterval}).");
            }
        }

        var admissions = _store.Writes.Where(w => w.Status == QueueEntry.Admitted).DistinctBy(w => (w.UserId, w.AdmittedAt)).Count();
        if (admissions != slots.Count)
        {
            _violations.Add($"{admissions} admissions share {slots.Count} slots.");
        }
    }
}
