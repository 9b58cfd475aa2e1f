using Evently.Core.Batches;
using Evently.Core.Queues;
using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The promises of the room and its event together, checked as answers are given and as batches are stored: no
/// admission issued over, admissions at the pace, <c>admitted</c> shown only when the event accepts the user, bookings
/// and holds taken only by admitted or promoted users, a promotion honoured as an admission, and every read of a queue
/// place, a hold or a waitlist entry showing what its store committed.
/// </summary>
internal sealed partial class RoomEventSimulation
{
    // What the event's store held after each commit, as a read may show it: waitlist entries (status, active promotion), holds (status).
    private readonly HashSet<(Guid Entry, string Status, Guid? Promotion)> _waitlistSeen = [];
    private readonly HashSet<(Guid Hold, string Status)> _holdsSeen = [];

    private async Task JoinAsync(WaitingRoomHost host, Guid user)
    {
        var (result, place) = await host.JoinAsync(user, null);
        Log($"  join {Name(user)} at room activation {_roomIds[host]}: {result} {place?.Status} {place?.Position}");
        if (result is JoinResult.Joined or JoinResult.Found)
        {
            if (place is null)
            {
                Violation($"A join of {Name(user)} answered {result} without a place.");
                return;
            }

            CheckShown(place, "join");
        }
    }

    private async Task RoomReadAsync(WaitingRoomHost host, Guid user)
    {
        if (await host.FindAsync(user) is { } place)
        {
            Log($"  room read {Name(user)} at room activation {_roomIds[host]}: {place.Status} {place.Position}");
            CheckShown(place, "read");
        }
    }

    private void Tick(WaitingRoomHost host)
    {
        var now = Clock.Now;
        foreach (var issued in IssuedAdmissions.Tick(host))
        {
            Log($"  room activation {_roomIds[host]} admits {Name(issued.UserId)} at {issued.AdmittedAt:HH:mm:ss.fff} until {issued.AdmittedUntil:HH:mm:ss.fff}");
            foreach (var problem in IssuedAdmissions.Problems(issued, now, Name(issued.UserId)))
            {
                Violation(problem);
            }
        }
    }

    /// <summary>What a room activation shows was stored; <c>admitted</c> only what the event's activation accepts.</summary>
    private void CheckShown(QueuePlace place, string how)
    {
        var entry = place.Entry;
        if (!_roomStore.Writes.Any(w => w.UserId == entry.UserId && w.Seq == entry.Seq))
        {
            Violation($"A room {how} showed {Name(entry.UserId)} in seq {entry.Seq}, which was never stored.");
        }

        if (place.Status != QueueEntry.Admitted)
        {
            return;
        }

        if (!_roomStore.Writes.Contains(entry))
        {
            Violation($"A room {how} showed {Name(entry.UserId)} admitted until {entry.AdmittedUntil:O}, an admission never stored.");
        }

        // A live event activation is where a booking goes now; with none, the next one pulls the room's admissions (CheckStarted).
        if (_current is { Dead: false, Ready.IsCompletedSuccessfully: true, Core.IsBroken: false } current && !current.Admits(entry.UserId, Clock.Now))
        {
            Violation($"A room {how} showed {Name(entry.UserId)} admitted until {entry.AdmittedUntil:O}, but event activation {current.Number} would refuse them.");
        }
    }

    /// <summary>
    /// The event's activation, once started, knows every admission a room activation shows: the room answers the pull from
    /// its store, so even a stale twin of a split brain hands over what the other one stored.
    /// </summary>
    private void CheckStarted(RoomEventActivation activation)
    {
        foreach (var room in _rooms.Where(r => !r.Broken))
        {
            foreach (var user in _users)
            {
                if (room.Find(user) is { Status: QueueEntry.Admitted } place && !activation.Admits(user, Clock.Now))
                {
                    Violation($"Event activation {activation.Number} started without the admission of {Name(user)} (until {place.Entry.AdmittedUntil:O}) that room activation {_roomIds[room]} shows.");
                }
            }
        }
    }

    /// <summary>Every stored admission in a slot of its own: at least one interval after the one before, so never a burst.</summary>
    private void CheckPace()
    {
        var slots = _roomStore.Writes.Where(w => w.Status == QueueEntry.Admitted).Select(w => w.AdmittedAt!.Value).Distinct().Order().ToList();
        for (var i = 1; i < slots.Count; i++)
        {
            if (slots[i] - slots[i - 1] < Settings.AdmissionInterval)
            {
                Violation($"Admissions at {slots[i - 1]:O} and {slots[i]:O}: closer than the pace allows ({Settings.AdmissionInterval}).");
            }
        }

        var admissions = _roomStore.Writes.Where(w => w.Status == QueueEntry.Admitted).DistinctBy(w => (w.UserId, w.AdmittedAt)).Count();
        if (admissions != slots.Count)
        {
            Violation($"{admissions} admissions share {slots.Count} slots.");
        }
    }

    /// <summary>A user's call to the event, through whichever activation the directory points at.</summary>
    private async Task EventOpAsync(RoomEventOp op, Guid user)
    {
        var activation = RouteEvent(mayBeStale: true);
        try
        {
            await activation.Ready!;
        }
        catch (IOException)
        {
            Forget(activation);
            return;
        }

        var core = activation.Core;
        object? answer = null;
        switch (op.Kind)
        {
            case RoomEventOpKind.Book:
                answer = await core.BookAsync(user, 1 + op.N % 2, op.N >= 7 ? $"k{op.N}" : null);
                break;
            case RoomEventOpKind.Claim:
                answer = await ClaimAsync(activation, op);
                break;
            case RoomEventOpKind.Hold:
                answer = await core.HoldAsync(user, 1, null);
                break;
            case RoomEventOpKind.Confirm when Store.Holds.LastOrDefault(h => h.UserId == user && h.IsActive) is { } hold:
                answer = await core.ConfirmHoldAsync(hold.Id, user);
                break;
            case RoomEventOpKind.Cancel when Store.Bookings.FirstOrDefault(b => b.UserId == user && b.Status == BookingStatus.Confirmed) is { } booking:
                answer = await core.CancelBookingAsync(booking.Id, user, callerIsAdmin: false);
                break;
            case RoomEventOpKind.WaitlistJoin:
                answer = await core.JoinWaitlistAsync(user, 1 + op.N % 2, null);
                break;
            case RoomEventOpKind.WaitlistRead:
                var entry = core.GetWaitlistEntry(user);
                answer = entry;
                if (entry.Place?.Entry is { } read && !_waitlistSeen.Contains((read.Id, read.Status, read.Promotion?.Id)))
                {
                    Violation($"Event activation {activation.Number} read {Name(user)}'s waitlist entry as {read.Status} (promotion {read.Promotion?.Id}), which was never committed.");
                }

                break;
            case RoomEventOpKind.HoldRead when Store.Holds.Where(h => h.UserId == user).ToList() is { Count: > 0 } holds:
                var found = await core.GetHoldAsync(holds[op.N % holds.Count].Id, user, callerIsAdmin: false);
                answer = found;
                if (!activation.Dead && found.Hold is { } shown && !_holdsSeen.Contains((shown.Id, shown.Status)))
                {
                    Violation($"Event activation {activation.Number} read hold {shown.Id} of {Name(user)} as {shown.Status}, which was never committed.");
                }

                break;
        }

        Log($"  {op} -> {answer} from event activation {activation.Number}");
    }

    /// <summary>
    /// A promoted user books the seats of their promotion (one of those the store shows holding one; when nobody does, an
    /// ordinary booking): a promotion counts as admission, so the sale's gate must let the claim through.
    /// </summary>
    private async Task<object> ClaimAsync(RoomEventActivation activation, RoomEventOp op)
    {
        var holders = Store.Promotions.Values.Where(p => p.Status == "active")
            .Select(p => (Store.Waitlist.First(e => e.Id == p.WaitlistId).UserId, p.Quantity)).OrderBy(h => h.UserId).ToList();
        if (holders.Count == 0)
        {
            return await activation.Core.BookAsync(_users[op.User], 1, null);
        }

        var (user, quantity) = holders[op.User % holders.Count];

        // The promotion as the deciding activation holds it, read in the turn that decides.
        var held = activation.Core.DecidedWaitlistEntry(user) is { Status: WaitlistStatus.Promoted, Promotion: { } promotion }
            && promotion.ExpiresAt > Clock.Now ? promotion : null;
        var answer = await activation.Core.BookAsync(user, quantity, null);
        if (held is not null && answer.Outcome == BookingOutcome.AdmissionRequired)
        {
            Violation($"{Name(user)} holding promotion {held.Id} of {held.Quantity} until {held.ExpiresAt:HH:mm:ss} was refused {answer.Outcome}: a promotion counts as admission.");
        }

        return answer;
    }

    /// <summary>
    /// An event batch reaches the store: applied as PostgreSQL would (or refused), then checked: every booking and new
    /// hold that takes seats was made by a user the room had admitted (stored, valid when it was made), unless the user
    /// was promoted; a confirmation or a claim takes seats already held.
    /// </summary>
    public long Commit(EventBatch batch, long expectedVersion)
    {
        var promoted = Store.Promotions.Values.Where(p => p.Status == "active").Select(p => Store.Waitlist.First(e => e.Id == p.WaitlistId).UserId)
            .Concat(batch.Promotions.Where(p => p.BookingId is not null).Select(p => Store.Waitlist.FirstOrDefault(e => e.Id == p.WaitlistId)?.UserId ?? Guid.Empty))
            .ToHashSet();
        var version = Store.Apply(batch, expectedVersion);
        foreach (var booking in batch.Bookings.Where(b => !batch.Holds.Any(h => h.Hold.BookingId == b.Id) && !batch.Promotions.Any(p => p.BookingId == b.Id)))
        {
            if (!WasAdmitted(booking.UserId, booking.CreatedAt) && !promoted.Contains(booking.UserId))
            {
                Violation($"The event booked {booking.Quantity} for {Name(booking.UserId)} at {booking.CreatedAt:HH:mm:ss.fff}, whom the room had not admitted.");
            }
        }

        foreach (var hold in batch.Holds.Where(h => h.IsNew).Select(h => h.Hold))
        {
            if (!WasAdmitted(hold.UserId, hold.CreatedAt) && !promoted.Contains(hold.UserId))
            {
                Violation($"The event held {hold.Quantity} for {Name(hold.UserId)} at {hold.CreatedAt:HH:mm:ss.fff}, whom the room had not admitted.");
            }
        }

        Remember();
        Store.CheckInvariants();
        return version;
    }

    private bool WasAdmitted(Guid user, DateTimeOffset at) =>
        _roomStore.Writes.Any(w => w.UserId == user && w.Status == QueueEntry.Admitted && w.AdmittedAt <= at && at < w.AdmittedUntil);

    /// <summary>Notes what the event's store holds now, as a read may show it from now on.</summary>
    private void Remember()
    {
        var active = Store.Promotions.Values.Where(p => p.Status == "active").ToDictionary(p => p.WaitlistId, p => p.Id);
        foreach (var entry in Store.Waitlist)
        {
            _waitlistSeen.Add((entry.Id, entry.Status, active.TryGetValue(entry.Id, out var promotion) ? promotion : null));
        }

        foreach (var hold in Store.Holds)
        {
            _holdsSeen.Add((hold.Id, hold.Status));
        }
    }
}
