using Evently.Core.Batches;
using Evently.Core.Expiry;
using Evently.Core.Holds;
using Evently.Core.Machine;
using Evently.Core.Ports;
using Evently.Core.Sales;
using Evently.Core.Seating;
using Evently.Core.Tests.Core;
using Evently.Core.Tests.Simulation;
using Evently.Core.Waitlists;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Parts;

/// <summary>A <see cref="WaitlistLine"/> with just the parts it needs around it, for testing its rules alone.</summary>
internal sealed class LineRig
{
    public LineRig(DateTimeOffset now, SaleSettings sale, int capacity, IReadOnlyDictionary<Guid, int>? confirmed = null)
    {
        Clock = new SimClock(now);
        var store = new ScriptedStore();
        var hooks = new EventHooks(_ => { }, _ => Task.CompletedTask, (_, _) => { }, () => { }, () => Line!.Open);
        State = new EventState(ScriptedStore.EventId, store, Clock, new EventCoreOptions(), NoObserver.Instance, new BucketIds(ScriptedStore.EventId), hooks);
        State.Begin(Record(capacity, sale));
        Rules = new SaleRules(new Admissions());
        Rules.Load(confirmed);
        var holds = new HoldBook();
        var schedule = new ExpirySchedule(State, store, holds, () => Line!.NextExpiry);
        Line = new WaitlistLine(State, new SeatInventory(ScriptedStore.EventId), new Admissions(), new SeatClaims(Rules, holds), schedule);
    }

    public SimClock Clock { get; }

    public EventState State { get; }

    public SaleRules Rules { get; }

    public WaitlistLine Line { get; }

    /// <summary>Changes the batch that fills now holds.</summary>
    public IReadOnlyList<WaitlistChange> Changes => State.Filling.WaitlistChanges;

    /// <summary>An event of <paramref name="capacity"/> free seats on sale as <paramref name="sale"/> says, a day after the sale ends.</summary>
    public static EventRecord Record(int capacity, SaleSettings sale) =>
        new(ScriptedStore.EventId, Guid.Empty, "Launch", "", "Hall", sale.SalesEndAt.AddDays(1), SeatLedger.ForCapacity(capacity), 10m, 10m, "fixed",
            EventStatus.Published, 15, 1, sale.SalesStartAt, sale.SalesStartAt, sale);

    /// <summary>A waiting entry for <paramref name="user"/>, joined <paramref name="order"/> minutes after the sale opened.</summary>
    public static WaitlistEntry Waiting(Guid user, int quantity, DateTimeOffset opens, int order) =>
        new(Guid.NewGuid(), user, quantity, 0, opens.AddMinutes(order), WaitlistStatus.Waiting, null);
}
