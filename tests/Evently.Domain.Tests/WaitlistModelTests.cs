using CsCheck;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;

namespace Evently.Domain.Tests;

/// <summary>The indexed waitlist against the simplest one that could be right: sort everything, walk it.</summary>
public sealed class WaitlistModelTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [Fact]
    public void Promotes_expires_positions_and_pages_exactly_as_sorting_and_walking_would()
    {
        // op: kind, user 0..11, quantity 1..4 (and priority), seconds to move the clock.
        var op = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 11], Gen.Int[1, 4], Gen.Int[0, 120]);
        Gen.Select(Gen.Int[0, 8], op.Array[1, 120]).Sample((free, ops) =>
        {
            var waitlist = new Waitlist();
            var model = new Dictionary<Guid, WaitlistEntry>();
            var seats = new SeatLedger(100, free, 0);
            var modelSeats = seats;
            var now = Start;
            var ids = 0;
            foreach (var (kind, u, quantity, seconds) in ops)
            {
                now += TimeSpan.FromSeconds(seconds);
                var user = new Guid(u + 1, 0, 0, new byte[8]);
                switch (kind)
                {
                    case 0 or 1:
                        var id = new Guid(0, 0, 0, BitConverter.GetBytes((long)++ids));
                        var joined = waitlist.Join(id, user, quantity, priorityScore: kind == 1 ? quantity : 0, null, now);
                        if (!model.TryGetValue(user, out var old) || !old.IsOpen)
                        {
                            model[user] = new WaitlistEntry(old?.Id ?? id, user, quantity, kind == 1 ? quantity : 0, now, WaitlistStatus.Waiting, null);
                        }

                        Assert.Equal(joined is null, old is { IsOpen: true });
                        break;
                    case 2:
                        waitlist.Leave(user, ref seats);
                        if (model.TryGetValue(user, out var leaving) && leaving.IsOpen)
                        {
                            modelSeats = Release(modelSeats, leaving);
                            model[user] = leaving with { Status = WaitlistStatus.Left };
                        }

                        break;
                    case 3:
                        waitlist.Suspend(user, ref seats);
                        if (model.TryGetValue(user, out var suspending) && suspending is { IsOpen: true, Suspended: false })
                        {
                            modelSeats = Release(modelSeats, suspending);
                            model[user] = suspending with { Status = WaitlistStatus.Waiting, Promotion = null, Suspended = true };
                        }

                        break;
                    case 4:
                        waitlist.Resume(user);
                        if (model.TryGetValue(user, out var resuming) && resuming is { IsOpen: true, Suspended: true })
                        {
                            model[user] = resuming with { Suspended = false };
                        }

                        break;
                    case 5:
                        // Seats come back (a cancellation elsewhere).
                        seats = seats with { AvailableSeats = seats.AvailableSeats + quantity };
                        modelSeats = modelSeats with { AvailableSeats = modelSeats.AvailableSeats + quantity };
                        break;
                    case 6:
                        var expired = waitlist.Expire(ref seats, now).Select(c => c.Entry.UserId).ToHashSet();
                        var due = model.Values.Where(e => e.Status == WaitlistStatus.Promoted && e.Promotion!.ExpiresAt <= now).ToList();
                        Assert.Equal(due.Select(e => e.UserId).ToHashSet(), expired);
                        foreach (var entry in due)
                        {
                            modelSeats = Release(modelSeats, entry);
                            model[entry.UserId] = entry with { Status = WaitlistStatus.Expired };
                        }

                        break;
                }

                var promoted = waitlist.Promote(ref seats, Window, now, () => Guid.NewGuid()).Select(c => c.Entry.UserId).ToList();
                Assert.Equal(ModelPromote(model, ref modelSeats, now), promoted);
                Assert.Equal(modelSeats, seats);

                var line = Line(model);
                Assert.Equal(line.Select(e => e.UserId), waitlist.Open.Select(e => e.UserId));
                Assert.Equal(line.Count, waitlist.Length);
                Assert.Equal(model.Values.Where(e => e.Status == WaitlistStatus.Promoted).Select(e => (DateTimeOffset?)e.Promotion!.ExpiresAt).Min(), waitlist.NextExpiry);
                Assert.Equal(line.FindIndex(e => e.UserId == user) + 1, waitlist.PositionOf(user));
                var skip = quantity - 1;
                Assert.Equal(line.Skip(skip).Take(2).Select((e, i) => (e.UserId, skip + i + 1)), waitlist.Page(skip, 2).Select(p => (p.Entry.UserId, p.Position)));
            }
        });
    }

    private static SeatLedger Release(SeatLedger seats, WaitlistEntry entry) =>
        entry.Status == WaitlistStatus.Promoted
            ? seats with { AvailableSeats = seats.AvailableSeats + entry.Promotion!.Quantity, HeldSeats = seats.HeldSeats - entry.Promotion.Quantity }
            : seats;

    private static List<WaitlistEntry> Line(Dictionary<Guid, WaitlistEntry> model) =>
        model.Values.Where(e => e.IsOpen && !e.Suspended)
            .OrderByDescending(e => e.PriorityScore).ThenBy(e => e.JoinedAt).ThenBy(e => e.Id).ToList();

    /// <summary>The rule as written: walk the line in order, promote each waiting entry that fits the seats left.</summary>
    private static List<Guid> ModelPromote(Dictionary<Guid, WaitlistEntry> model, ref SeatLedger seats, DateTimeOffset now)
    {
        var promoted = new List<Guid>();
        foreach (var entry in Line(model).Where(e => e.Status == WaitlistStatus.Waiting))
        {
            if (entry.Quantity <= seats.AvailableSeats)
            {
                seats = seats with { AvailableSeats = seats.AvailableSeats - entry.Quantity, HeldSeats = seats.HeldSeats + entry.Quantity };
                model[entry.UserId] = entry with { Status = WaitlistStatus.Promoted, Promotion = new Promotion(Guid.Empty, entry.Quantity, now, now + Window) };
                promoted.Add(entry.UserId);
            }
        }

        return promoted;
    }
}
