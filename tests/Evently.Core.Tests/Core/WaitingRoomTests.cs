using Evently.Core.Queues;
using Evently.Domain.Sales;
using Microsoft.Extensions.Time.Testing;

namespace Evently.Core.Tests.Core;

/// <summary>The waiting room's rules without a host: lottery, pace, expiry, positions, restoring from storage.</summary>
public sealed class WaitingRoomTests
{
    private static readonly DateTimeOffset Opens = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static (WaitingRoom Room, Guid[] Users) PreQueue(int users, WaitingRoomSettings settings, Func<int, int>? random = null)
    {
        var room = new WaitingRoom(settings, Opens, random: random);
        var ids = Enumerable.Range(0, users).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(room.Join(ids[i], null, Opens.AddMinutes(-10).AddMilliseconds(i))!.Value.Created);
        }

        return (room, ids);
    }

    [Fact]
    public void The_lottery_gives_join_order_no_advantage()
    {
        // 400 openings of a 1,000-user pre-queue from a fixed seed: each (join decile, place decile) cell expects 4,000.
        // A correct shuffle lands within ±10% with a margin of over 6 standard deviations; a biased or missing one does not.
        const int users = 1000, openings = 400;
        var random = new Random(20301);
        var cells = new int[10, 10];
        var correlations = new List<double>();
        for (var opening = 0; opening < openings; opening++)
        {
            var (room, ids) = PreQueue(users, new WaitingRoomSettings(100_000), random.Next);
            room.Tick(Opens);
            var places = ids.Select(id => (int)room.Find(id, Opens)!.Entry.Rank!.Value + 1).ToArray();
            Assert.Equal(Enumerable.Range(1, users), places.Order());
            for (var joined = 0; joined < users; joined++)
            {
                cells[joined * 10 / users, (places[joined] - 1) * 10 / users]++;
            }

            correlations.Add(Spearman(places));
        }

        foreach (var count in cells)
        {
            Assert.InRange(count, 3600, 4400);
        }

        Assert.All(correlations, rho => Assert.InRange(rho, -0.2, 0.2));
        Assert.InRange(correlations.Average(), -0.01, 0.01);
    }

    [Fact]
    public void The_cryptographic_draw_is_a_permutation_uncorrelated_with_join_order()
    {
        var (room, ids) = PreQueue(1000, new WaitingRoomSettings(60));
        room.Tick(Opens);
        var places = ids.Select(id => room.Find(id, Opens)!.Position ?? 0).ToArray();

        // The first admitted has no position any more; the rest are 1..999, dense.
        Assert.Equal(Enumerable.Range(0, 1000), places.Order());
        Assert.InRange(Spearman(places), -0.2, 0.2);
    }

    [Fact]
    public void Admissions_keep_the_rate_within_ten_percent_every_second_of_a_minute()
    {
        var (room, _) = PreQueue(2000, new WaitingRoomSettings(600));
        var perSecond = new int[60];
        for (var step = 0; step < 600; step++)
        {
            var now = Opens.AddMilliseconds(step * 100);
            perSecond[step / 10] += room.Tick(now).Count;
        }

        Assert.InRange(perSecond.Sum(), 540, 660);
        Assert.All(perSecond, n => Assert.InRange(n, 9, 11));
    }

    [Fact]
    public void A_quiet_spell_does_not_turn_into_a_burst()
    {
        var room = new WaitingRoom(new WaitingRoomSettings(60), Opens);
        room.Tick(Opens.AddMinutes(10));
        for (var i = 0; i < 10; i++)
        {
            room.Join(Guid.NewGuid(), null, Opens.AddMinutes(10));
        }

        Assert.Single(room.Tick(Opens.AddMinutes(10)));
        Assert.Single(room.Tick(Opens.AddMinutes(10).AddSeconds(1)));
    }

    [Fact]
    public void A_room_that_wakes_up_late_admits_from_now_not_from_the_opening()
    {
        // Nobody touched the room for longer than one admission after sales opened; then one user joins.
        var time = new FakeTimeProvider(Opens);
        var room = new WaitingRoom(new WaitingRoomSettings(60, AdmissionMinutes: 5), Opens);
        time.Advance(TimeSpan.FromMinutes(6));
        var user = Guid.NewGuid();
        room.Join(user, null, time.GetUtcNow());

        var admitted = Assert.Single(room.Tick(time.GetUtcNow()));
        Assert.True(admitted.AdmittedUntil > time.GetUtcNow(), $"admitted until {admitted.AdmittedUntil:O}, already past at {time.GetUtcNow():O}");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(QueueEntry.Admitted, room.Find(user, time.GetUtcNow())!.Status);
    }

    [Fact]
    public void A_room_restored_after_a_quiet_spell_keeps_the_pace_without_a_burst_of_back_dated_slots()
    {
        var settings = new WaitingRoomSettings(60, AdmissionMinutes: 5);
        var time = new FakeTimeProvider(Opens);
        var (room, _) = PreQueue(1, settings);
        Assert.Single(room.Tick(time.GetUtcNow()));

        // The room deactivates; ten minutes later it is restored from its stored entries and ten users join.
        time.Advance(TimeSpan.FromMinutes(10));
        var restored = new WaitingRoom(settings, Opens, room.Entries.ToList());
        for (var i = 0; i < 10; i++)
        {
            restored.Join(Guid.NewGuid(), null, time.GetUtcNow());
        }

        var admissions = new List<QueueEntry>();
        for (var second = 0; second <= 5; second++)
        {
            var now = time.GetUtcNow();
            var issued = restored.Tick(now);
            Assert.All(issued, a => Assert.True(a.AdmittedUntil > now, $"admitted until {a.AdmittedUntil:O}, already past at {now:O}"));
            admissions.AddRange(issued);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // One a second: six over the six ticks, never two in one.
        Assert.Equal(6, admissions.Count);
        Assert.Equal(admissions.Count, admissions.Select(a => a.AdmittedAt).Distinct().Count());
    }

    [Fact]
    public void Admissions_expire_and_the_user_may_join_again_at_the_back()
    {
        var (room, ids) = PreQueue(3, new WaitingRoomSettings(1, AdmissionMinutes: 2));
        var first = Assert.Single(room.Tick(Opens));
        Assert.Equal(Opens.AddMinutes(2), first.AdmittedUntil);

        Assert.Equal(QueueEntry.Admitted, room.Find(first.UserId, Opens.AddMinutes(2).AddMilliseconds(-1))!.Status);
        Assert.Equal(QueueEntry.Expired, room.Find(first.UserId, Opens.AddMinutes(2))!.Status);
        Assert.Single(room.Admissions(Opens.AddMinutes(2).AddMilliseconds(-1)), a => a.UserId == first.UserId);
        Assert.DoesNotContain(room.Admissions(Opens.AddMinutes(2)), a => a.UserId == first.UserId);

        // The two others are admitted at minutes 1 and 2: the line is empty, the rejoiner is next.
        Assert.Single(room.Tick(Opens.AddMinutes(1)));
        Assert.Single(room.Tick(Opens.AddMinutes(2)));
        Assert.Empty(room.Tick(Opens.AddMinutes(2.5)));
        var rejoined = room.Join(first.UserId, null, Opens.AddMinutes(2.5))!.Value;
        Assert.True(rejoined.Created);
        Assert.Equal(QueueEntry.Waiting, rejoined.Entry.Status);
        Assert.Equal(1, room.Find(first.UserId, Opens.AddMinutes(2.5))!.Position);
        Assert.DoesNotContain(ids, id => id != first.UserId && room.Find(id, Opens.AddMinutes(2.5))!.Status == QueueEntry.Waiting);
    }

    [Fact]
    public void The_queue_opens_minutes_before_sales_and_a_second_join_keeps_the_first_place()
    {
        var room = new WaitingRoom(new WaitingRoomSettings(10, OpensMinutesBefore: 30), Opens);
        var user = Guid.NewGuid();

        Assert.Null(room.Join(user, null, Opens.AddMinutes(-30).AddMilliseconds(-1)));
        var first = room.Join(user, null, Opens.AddMinutes(-30))!.Value;
        var again = room.Join(user, null, Opens.AddMinutes(-1))!.Value;

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Entry, again.Entry);
        Assert.Null(room.Find(user, Opens.AddMinutes(-1))!.Position);
    }

    [Fact]
    public void Positions_are_dense_with_a_wait_from_the_rate_and_survive_a_restore()
    {
        var (room, ids) = PreQueue(50, new WaitingRoomSettings(60));
        for (var tick = 0; tick <= 19; tick++)
        {
            room.Tick(Opens.AddSeconds(tick * 0.5));
        }

        var before = ids.ToDictionary(id => id, id => room.Find(id, Opens.AddSeconds(9.5))!);
        var waiting = before.Values.Where(p => p.Position is not null).OrderBy(p => p.Position).ToList();

        Assert.Equal(Enumerable.Range(1, 40), waiting.Select(p => p.Position!.Value));
        Assert.Equal(1, waiting[0].EstimatedWaitSeconds);
        Assert.Equal(40, waiting[^1].EstimatedWaitSeconds);

        var restored = new WaitingRoom(new WaitingRoomSettings(60), Opens, room.Entries.ToList());
        Assert.All(ids, id => Assert.Equal(before[id], restored.Find(id, Opens.AddSeconds(9.5))));
        Assert.Equal(room.Tick(Opens.AddSeconds(20)).Select(e => e.UserId), restored.Tick(Opens.AddSeconds(20)).Select(e => e.UserId));
    }

    [Fact]
    public void A_large_draw_is_written_in_line_order_so_a_crash_part_way_keeps_every_shown_place_and_the_rest_behind()
    {
        var (room, ids) = PreQueue(1_000, new WaitingRoomSettings(1));
        room.TakeDirty();
        room.Tick(Opens);
        var line = ids.Select(id => room.Find(id, Opens)!).Where(p => p.Position is not null).OrderBy(p => p.Position).Select(p => p.Entry.UserId).ToList();

        // The draw changed every entry; the first part written is the head of the line (the admitted user first).
        var stored = room.TakeDirty(300);
        Assert.Equal(300, stored.Count);
        Assert.Equal(line.Take(299), stored.Where(e => e.Status == QueueEntry.Waiting).Select(e => e.UserId));
        Assert.Equal(700, room.TakeDirty().Count);

        // A crash after that part: the store holds it drawn, the rest undrawn as joined.
        var storedIds = stored.Select(e => e.UserId).ToHashSet();
        var undrawn = ids.Where(id => !storedIds.Contains(id)).Select(id => room.Find(id, Opens)!.Entry with { Rank = null });
        var restored = new WaitingRoom(new WaitingRoomSettings(1), Opens, stored.Concat(undrawn).ToList());
        restored.Tick(Opens);

        // Everyone who could have been shown a place keeps it; the rest are drawn again behind them.
        Assert.All(line.Take(299).Select((id, i) => (id, i)), p => Assert.Equal(p.i + 1, restored.Find(p.id, Opens)!.Position));
        var behind = line.Skip(299).Select(id => restored.Find(id, Opens)!.Position!.Value).Order();
        Assert.Equal(Enumerable.Range(300, 700), behind);
    }

    /// <summary>Spearman's rank correlation between join order (the index) and the place drawn.</summary>
    [Fact]
    public void Entries_that_change_while_a_draw_is_written_in_parts_are_taken_in_line_order_with_the_rest()
    {
        var (room, _) = PreQueue(1_000, new WaitingRoomSettings(1));
        room.TakeDirty();
        room.Tick(Opens);
        Assert.Equal(300, room.TakeDirty(300).Count);

        // Between parts: late joins (behind everyone) and an admission of someone already written (changed again).
        room.Join(Guid.NewGuid(), null, Opens.AddSeconds(1));
        room.Join(Guid.NewGuid(), null, Opens.AddSeconds(2));
        Assert.Single(room.Tick(Opens.AddMinutes(1)));
        var second = LineOrderOfChanged(room);
        Assert.Equal(second.Take(300), room.TakeDirty(300).Select(e => e.UserId));

        room.Join(Guid.NewGuid(), null, Opens.AddMinutes(2));
        var third = LineOrderOfChanged(room);
        Assert.Equal(third.Take(300), room.TakeDirty(300).Select(e => e.UserId));
        Assert.Equal(third.Skip(300).Order(), room.TakeDirty().Select(e => e.UserId).Order());
        Assert.False(room.HasChanges);
    }

    /// <summary>The changed entries in line order, sorted afresh: drawn ranks first, then undrawn ones by arrival.</summary>
    private static List<Guid> LineOrderOfChanged(WaitingRoom room) =>
        room.Entries.Where(e => room.ChangedUsers.Contains(e.UserId)).OrderBy(e => e.Rank ?? long.MaxValue).ThenBy(e => e.Seq).Select(e => e.UserId).ToList();

    private static double Spearman(int[] places)
    {
        var n = places.Length;
        var sum = places.Select((place, joined) => Math.Pow(place - 1 - joined, 2)).Sum();
        return 1 - 6 * sum / (n * ((double)n * n - 1));
    }
}
