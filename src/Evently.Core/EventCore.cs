using Evently.Core.Admin;
using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Bookings;
using Evently.Core.CheckIns;
using Evently.Core.Expiry;
using Evently.Core.Holds;
using Evently.Core.Machine;
using Evently.Core.Ports;
using Evently.Core.Sales;
using Evently.Core.Seating;
using Evently.Core.Taking;
using Evently.Core.Waitlists;
using Evently.Domain.Seating;

namespace Evently.Core;

/// <summary>
/// One event's decisions: seats, price, waitlist and promotions, idempotency keys and pending requests. The host runs
/// every call on one logical thread but interleaves calls at each <c>await</c> (an Orleans <c>[Reentrant]</c> grain), so
/// every decision is made and enlisted in the filling batch within one synchronous turn, and whatever an await
/// brought back is re-checked against what is true now. Nobody is answered before their batch's fate is known; the
/// first failed batch stops this instance for good (<see cref="IsBroken"/>): the host must load a fresh one.
/// </summary>
/// <remarks>
/// A facade: the decisions live in small parts, each owning its fields (see docs/architecture.md, "The event core").
/// This type composes them and routes the life of each batch (sealed, committed, failed) to the parts it concerns.
/// </remarks>
public sealed class EventCore
{
    private readonly EventState _state;
    private readonly Admissions _admissions = new();
    private readonly SaleRules _saleRules;
    private readonly SeatInventory _seats;
    private readonly HoldBook _holdBook = new();
    private readonly ExpirySchedule _schedule;
    private readonly Cancellations _cancellations;
    private readonly WaitlistLine _line;
    private readonly DueExpiry _due;
    private readonly BookingDesk _bookings;
    private readonly HoldDesk _holds;
    private readonly EventEditor _editor;
    private readonly SeatTaker _taker;
    private readonly CheckInDesk _checkIns;

    /// <summary>A core for event <paramref name="eventId"/>; call <see cref="ActivateAsync"/> before anything else.</summary>
    public EventCore(
        Guid eventId, IEventStore store, IExpiryPort expiry, TimeProvider time, EventCoreOptions? options = null,
        ICommitObserver? observer = null, IEventIds? ids = null)
    {
        // The hooks reach parts built below: they run only once batches flow, when every part exists.
        _state = new EventState(eventId, store, time, options ?? new EventCoreOptions(), observer ?? NoObserver.Instance, ids ?? new BucketIds(eventId),
            new EventHooks(Seal, batch => _schedule!.EnsureAsync(batch), OnCommitted, () => _schedule!.Restore(), () => _line!.Open));
        _saleRules = new SaleRules(_admissions);
        _seats = new SeatInventory(eventId);
        _schedule = new ExpirySchedule(_state, expiry, _holdBook, () => _line!.NextExpiry);
        _cancellations = new Cancellations(_state);
        var claims = new SeatClaims(_saleRules, _holdBook);
        _line = new WaitlistLine(_state, _seats, _admissions, claims, _schedule);
        var resolver = new HoldResolver(_state, _seats, _holdBook, _line);
        _due = new DueExpiry(_state, resolver, _line, _schedule);
        _bookings = new BookingDesk(_state, _seats, _saleRules, _line, _due, _schedule, _cancellations,
            id => _checkIns!.CheckInOf(id));
        _holds = new HoldDesk(_state, _seats, _saleRules, _holdBook, resolver, _line, _due, _schedule, _cancellations);
        _editor = new EventEditor(_state, _seats, _saleRules, _line, resolver, _schedule, _cancellations);
        _checkIns = new CheckInDesk(_state, _seats, _cancellations, _bookings.Cancelling);
        _taker = new SeatTaker(_state, _seats, _line, claims, () => _bookings.KeyLookups + _holds.KeyLookups);
    }

    /// <summary>Raised once, when a failed batch leaves this instance unable to go on: the host should deactivate it.</summary>
    public event Action? Broken
    {
        add => _state.Broken += value;
        remove => _state.Broken -= value;
    }

    /// <summary>True once a batch failed: every call is refused until a fresh instance is loaded.</summary>
    public bool IsBroken => _state.IsBroken;

    /// <summary>The event's id.</summary>
    public Guid Id => _state.Id;

    /// <summary>The event as last committed, or null when it does not exist.</summary>
    public EventRecord? Committed => _state.Committed;

    /// <summary>True while a failed reminder change waits for its retry.</summary>
    public bool ExpiryFailing => _schedule.Failing;

    /// <summary>The group-commit statistics of this instance.</summary>
    public CommitStats Stats => _state.Stats;

    /// <summary>Requests decided and not yet answered.</summary>
    public int Pending => _state.Pending;

    /// <summary>Idempotency keys held in memory (bounded by the options' window and count).</summary>
    public int RememberedKeys => _bookings.RememberedKeys;

    /// <summary>Holds (active and settled) and cancelled bookings held in memory: the active holds plus a few settled ones.</summary>
    public int RememberedRecords => _holdBook.Count + _cancellations.Count;

    /// <summary>Admissions still valid now.</summary>
    public int ValidAdmissions => _admissions.ValidAt(_state.Now);

    /// <summary>
    /// The seat map as committed (what the last committed batch made durable), or null for general admission or while a
    /// plan's batch is not committed: what reads show. Decisions are made against the live map, which runs ahead of it.
    /// </summary>
    public SeatMap? Seating => _seats.CommittedMap;

    /// <summary>Loads the event from the store; expires promotions that ran out meanwhile and schedules the rest.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _state.Store.LoadAsync(_state.Id, cancellationToken);
        if (stored is null)
        {
            return;
        }

        _state.Begin(stored.Event);
        _line.Load(stored.Waitlist);
        _saleRules.Load(stored.SeatsByUser);
        _holdBook.Load(stored.Holds);
        if (_seats.Load(stored.Seating, stored.SeatOwners, stored.Event.Seats) is { } disagreement)
        {
            _state.Fail(new InvalidOperationException(disagreement));
        }

        _schedule.Loaded();
        _ = ExpireDueAsync();
    }

    /// <summary>Creates the event.</summary>
    public Task<EventAnswer> CreateAsync(NewEvent command) => _editor.CreateAsync(command);

    /// <summary>The event as committed (what its ETag stands for), or null.</summary>
    public EventView? Get() => _editor.Get();

    /// <summary>
    /// Changes details or capacity. With <see cref="EventEdit.ExpectedVersion"/> it succeeds only against the committed
    /// version with no other edit still uncommitted, so of several edits from one version exactly one wins.
    /// </summary>
    public Task<EventAnswer> UpdateAsync(EventEdit edit) => _editor.UpdateAsync(edit);

    /// <summary>Sets the base price (and the current price, re-applying the demand step); recorded in the price history.</summary>
    public Task<EventAnswer> SetPriceAsync(decimal basePrice, string reason, Guid adminId) => _editor.SetPriceAsync(basePrice, reason, adminId);

    /// <summary>
    /// Sets the event's seating plan (validated by <see cref="SeatingPlanRules"/>): allowed while no seat is sold or
    /// held. The capacity becomes the plan's seat count; waiting entries are promoted into the new seats.
    /// </summary>
    public Task<EventAnswer> SetSeatingPlanAsync(SeatingPlan plan) => _editor.SetSeatingPlanAsync(plan);

    /// <summary>Cancels the event: every confirmed booking is refunded, the waitlist closes, everyone affected is told once. Idempotent.</summary>
    public Task<EventAnswer> CancelEventAsync() => _editor.CancelEventAsync();

    /// <summary>Records admissions (user, valid until); a later one for the same user replaces an earlier one.</summary>
    public void Admit(IEnumerable<(Guid UserId, DateTimeOffset Until)> admissions) => _admissions.Admit(admissions, _state.Now);

    /// <summary>
    /// Books seats; answered once the booking is committed (or its fate is known not to be). On a seated event
    /// <paramref name="seats"/> says which (named, or the best available); nothing partial is ever booked.
    /// </summary>
    public Task<BookingAnswer> BookAsync(Guid userId, int quantity, string? idempotencyKey, SeatRequest? seats = null) =>
        _taker.TakeAsync(_bookings.Taking, userId, quantity, idempotencyKey, seats);

    /// <summary>Cancels a booking of this event (the owner's, or any for an admin) and returns its seats, waitlist first. Idempotent.</summary>
    public Task<BookingAnswer> CancelBookingAsync(Guid bookingId, Guid callerId, bool callerIsAdmin) =>
        _bookings.CancelAsync(bookingId, callerId, callerIsAdmin);

    /// <summary>
    /// Checks in the confirmed booking of this event with this reference, from 24 hours before the event: the first scan
    /// is answered once its row is committed; any other, concurrent or later, hears it was checked in already.
    /// </summary>
    public Task<CheckInAnswer> CheckInAsync(string bookingRef) => _checkIns.CheckInAsync(bookingRef);

    /// <summary>Holds seats for checkout until the event's hold length has passed; answered once the hold is committed.</summary>
    public Task<HoldAnswer> HoldAsync(Guid userId, int quantity, string? idempotencyKey, SeatRequest? seats = null) =>
        _taker.TakeAsync(_holds.Taking, userId, quantity, idempotencyKey, seats);

    /// <summary>The hold as committed, for its owner or an admin.</summary>
    public Task<HoldAnswer> GetHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin) => _holds.GetAsync(holdId, callerId, callerIsAdmin);

    /// <summary>
    /// Turns the owner's hold into a booking at the held price; a repeat gets the same booking. Refused once the deadline
    /// has passed, even if the expiry has not been processed yet, and once the hold was released.
    /// </summary>
    public Task<HoldAnswer> ConfirmHoldAsync(Guid holdId, Guid userId) => _holds.ConfirmAsync(holdId, userId);

    /// <summary>Gives the hold's seats back, waitlist first (the owner's, or any for an admin). Idempotent.</summary>
    public Task<HoldAnswer> ReleaseHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin) => _holds.ReleaseAsync(holdId, callerId, callerIsAdmin);

    /// <summary>
    /// Seats <paramref name="userId"/> holds for this event and has not bought yet: active checkout holds plus an active
    /// waitlist promotion, as decided in memory (what a per-user limit counts besides confirmed bookings).
    /// </summary>
    public int HeldQuantity(Guid userId) => _line.HeldQuantity(userId);

    /// <summary>The seat ids of a booking, hold or promotion that holds seats now; null when it holds none.</summary>
    public IReadOnlyList<string>? SeatIdsOf(Guid owner) => _seats.IdsOf(owner);

    /// <summary>Puts the user on the waitlist when the event cannot serve <paramref name="quantity"/>.</summary>
    public Task<WaitlistAnswer> JoinWaitlistAsync(Guid userId, int quantity, string? webhookUrl) => _line.JoinAsync(userId, quantity, webhookUrl);

    /// <summary>The user's entry as committed, with its position and promotion (a change decided and not yet durable does not show).</summary>
    public WaitlistAnswer GetWaitlistEntry(Guid userId) => _line.Entry(userId);

    /// <summary>The user's entry as decided in memory, committed or not: what the next decision goes by (for the simulations' checks).</summary>
    internal Domain.Waitlists.WaitlistEntry? DecidedWaitlistEntry(Guid userId) => _line.Find(userId);

    /// <summary>
    /// One page of the entries in line, in promotion order with their positions, and how many are in line; null when
    /// there is no event. Costs O(log n + pageSize), whatever the page.
    /// </summary>
    public WaitlistPage? WaitlistPage(int page, int pageSize) => _line.Page(page, pageSize);

    /// <summary>Takes the user off the waitlist; held seats pass to the next in line.</summary>
    public Task<WaitlistAnswer> LeaveWaitlistAsync(Guid userId) => _line.LeaveAsync(userId);

    /// <summary>
    /// The user's account was disabled: their entry stands out of line (keeping its place) and a promotion they hold is
    /// released to the next in line at once. No notification is sent. Idempotent; Ok when nothing was on the list.
    /// </summary>
    public Task<WaitlistAnswer> SuspendUserAsync(Guid userId) => _line.ChangeStandingAsync(userId, suspend: true);

    /// <summary>The user's account was enabled again: a suspended entry is back in line in its place. Idempotent.</summary>
    public Task<WaitlistAnswer> ResumeUserAsync(Guid userId) => _line.ChangeStandingAsync(userId, suspend: false);

    /// <summary>Expires the promotions and holds due now (the timer's and the reminder's work); returns how many it expired. Idempotent.</summary>
    public Task<int> ExpireDueAsync() => _due.ExpireDueAsync();

    /// <summary>The durable reminder ticked.</summary>
    public Task<int> ReminderTickedAsync() => _due.ReminderTickedAsync();

    /// <summary>The rows the parts add to a batch leaving for the store.</summary>
    private void Seal(EventBatch batch)
    {
        // Only a batch that changed the waitlist pays for walking it; the booking hot path usually does not.
        var waitlistChanged = batch.WaitlistChanges.Count > 0;
        _line.Sealed(batch, waitlistChanged);
        HoldBook.MergeRows(batch);
        SeatInventory.MergeRows(batch);
        _schedule.Sealed(batch, waitlistChanged);
    }

    /// <summary>A batch is durable: each part learns what it made committed, before anyone in it is answered.</summary>
    private void OnCommitted(EventBatch batch, TimeSpan elapsed)
    {
        _cancellations.Committed(batch);
        _editor.Committed(batch);
        _schedule.Committed(batch);
        _line.Committed(batch);
        _holdBook.Committed(batch);
        _seats.Committed(batch);

        // What the batch settled for good is restated for replays, and leaves memory once no read under way may miss it.
        var version = _state.Version;
        _bookings.Settle(batch, version);
        _holds.Settle(batch, version);
        _state.Settled.Forget(OldestOf(_bookings.OldestLookup, _holds.OldestLookup), Forget);

        _state.Observer.Committed(batch, batch.Requests, elapsed);
        if (batch.WaitlistChanges.Count > 0 || batch.Holds.Count > 0)
        {
            _schedule.Want();
        }
    }

    private void Forget(Guid id, bool isHold)
    {
        if (isHold)
        {
            _holdBook.Forget(id);
        }
        else
        {
            _cancellations.Forget(id);
        }
    }

    private static long? OldestOf(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
