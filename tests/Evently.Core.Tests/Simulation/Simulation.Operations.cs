using Evently.Core.Answers;
using Evently.Core.Ports;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Simulation;

/// <summary>The clients: what each operation does, and what every answer it gets must agree with.</summary>
internal sealed partial class Simulation
{
    private static readonly Guid Admin = new("00000000-0000-0000-0000-0000000000ad");
    private readonly Dictionary<Guid, int> _confirmed = [];
    private readonly Dictionary<Guid, int> _uncertain = [];
    private readonly List<Booking> _known = [];
    private readonly HashSet<Guid> _cancelClaims = [];
    private readonly HashSet<long> _ifMatchWins = [];

    private static Guid User(int index) => new($"00000000-0000-0000-0000-{index + 1:D12}");

    private void Start(Op op)
    {
        switch (op.Kind)
        {
            case OpKind.DuplicateCancel:
                for (var i = 0; i < 3; i++)
                {
                    _ = Background(RunAsync(op with { Kind = OpKind.Cancel }));
                }

                break;
            case OpKind.Retry:
                // A client that timed out and sends the same keyed request again while the first is under way.
                for (var i = 0; i < 2; i++)
                {
                    _ = Background(RunAsync(op with { Kind = OpKind.Book, Flag = 1 + op.Flag % 3 }));
                }

                break;
            case OpKind.DuplicateConfirm:
                // A buyer who double-clicks "pay": several confirms of one hold at once.
                for (var i = 0; i < 3; i++)
                {
                    _ = Background(RunAsync(op with { Kind = OpKind.Confirm, Flag = 0 }));
                }

                break;
            case OpKind.EditRace:
                var version = Store.Event.Version;
                for (var i = 0; i < 3; i++)
                {
                    _ = Background(EditAsync(op, version));
                }

                break;
            case OpKind.Admit:
                Admit(op);
                break;
            case OpKind.CheckIn:
                // Several doors scan one ticket at once (flag 2 and 3), or one door scans it.
                for (var i = 0; i < (op.Flag >= 2 ? 3 : 1); i++)
                {
                    _ = Background(RunAsync(op));
                }

                break;
            default:
                _ = Background(RunAsync(op));
                break;
        }
    }

    private readonly Dictionary<int, int> _standingStarts = [];
    private readonly Dictionary<int, int> _standingRunning = [];

    private async Task RunAsync(Op op)
    {
        var standing = op.Kind is OpKind.Join or OpKind.Leave or OpKind.Suspend;
        if (standing)
        {
            _standingStarts[op.User] = _standingStarts.GetValueOrDefault(op.User) + 1;
            _standingRunning[op.User] = _standingRunning.GetValueOrDefault(op.User) + 1;
        }

        try
        {
            await RunOpAsync(op);
        }
        finally
        {
            if (standing)
            {
                _standingRunning[op.User]--;
            }
        }
    }

    private async Task RunOpAsync(Op op)
    {
        switch (op.Kind)
        {
            case OpKind.Book:
                await BookAsync(op);
                break;
            case OpKind.Cancel when _known.Count > 0:
                await CancelAsync(op);
                break;
            case OpKind.Edit:
                await EditAsync(op, op.Flag switch { 1 => Store.Event.EditVersion, 2 => Store.Event.EditVersion - 1, _ => null });
                break;
            case OpKind.Price:
                await Call(op, a => a.Core.SetPriceAsync(5 + op.N, "sim", Admin));
                break;
            case OpKind.CancelEvent:
                if (await Call(op, a => a.Core.CancelEventAsync()) is ({ Dead: false }, { Outcome: EventOutcome.Ok }) && Store.Event.Status != EventStatus.Cancelled)
                {
                    Violation("event cancel answered ok, the store has it published");
                }

                break;
            case OpKind.Join:
                if (await Call(op, a => a.Core.JoinWaitlistAsync(User(op.User), 1 + op.N % 3, null)) is ({ Dead: false }, { Outcome: WaitlistOutcome.Ok })
                    && !Store.Waitlist.Any(e => e.UserId == User(op.User)))
                {
                    Violation($"join of user {op.User} answered ok, the store has no entry");
                }

                break;
            case OpKind.Leave:
                await Call(op, a => a.Core.LeaveWaitlistAsync(User(op.User)));
                break;
            case OpKind.Suspend:
                await SuspendAsync(op);
                break;
            case OpKind.Hold:
                await HoldAsync(op);
                break;
            case OpKind.Confirm when _knownHolds.Count > 0:
                await ConfirmHoldAsync(op);
                break;
            case OpKind.Release when _knownHolds.Count > 0:
                await ReleaseHoldAsync(op);
                break;
            case OpKind.EditSale:
                await EditSaleAsync(op);
                break;
            case OpKind.SetPlan:
                await SetPlanAsync(op);
                break;
            case OpKind.Claim:
                await BookAsync(ClaimOf(op));
                break;
            case OpKind.CheckIn when _known.Count > 0:
                await CheckInAsync(op);
                break;
            case OpKind.Read:
                if (await Call(op, a => Task.FromResult(a.Core.Get())) is ({ Dead: false }, { } view))
                {
                    CheckRead(view);
                }

                break;
        }
    }

    /// <summary>Calls the event as a client would: through whichever activation the directory points at.</summary>
    private async Task<(SimActivation? Activation, T? Answer)> Call<T>(Op op, Func<SimActivation, Task<T>> call)
    {
        var activation = Route(mayBeStale: true);
        try
        {
            await activation.Activation!;
        }
        catch (IOException)
        {
            // The activation failed to load: the call fails and nothing happened.
            Forget(activation);
            return (null, default);
        }

        try
        {
            var answer = await call(activation);
            Log($"{op} -> {answer} from activation {activation.Number}{(activation.Dead ? " (dead: the client never hears it)" : "")}");
            return (activation, answer);
        }
        catch (IOException)
        {
            // A read failed before anything was decided.
            return (null, default);
        }
    }

    private async Task BookAsync(Op op)
    {
        var user = User(op.User);
        var quantity = 1 + op.N % 3;
        var key = op.Flag == 0 ? null : $"k{op.Flag}";
        var sentAt = Clock.Now;
        var plan = PlanNow;
        var request = SeatRequestFor(op, quantity);
        var rules = SaleEditsNow;

        // Without a key the booking is decided in the call's first turn: the promotion read just before it is the one it saw.
        Promotion? held = null;
        var (activation, answer) = await Call(op, a =>
        {
            held = key is null ? HeldPromotion(a, user) : null;
            return a.Core.BookAsync(user, quantity, key, request);
        });
        if (activation is null || answer is null)
        {
            return;
        }

        CheckClaim(op, held, quantity, answer);
        if (RulesSettled(rules, activation))
        {
            CheckSaleAnswer(answer, quantity, sentAt);
        }

        if (PlanSettled(plan, activation))
        {
            CheckSeatAnswer(answer.Outcome, answer.Booking?.Id, answer.Seats, request, quantity, held: false, answer.LongestRun);
        }

        if (activation.Dead || answer.Outcome == BookingOutcome.OutcomeUnknown)
        {
            _uncertain[user] = _uncertain.GetValueOrDefault(user) + 1;
            return;
        }

        if (answer.Outcome is BookingOutcome.Confirmed or BookingOutcome.Replayed)
        {
            var booking = answer.Booking!;
            var stored = Store.Booking(booking.Id);
            if (stored is null || stored.UserId != user || stored.Quantity != booking.Quantity)
            {
                Violation($"{answer.Outcome} booking {booking.Id} of user {op.User} is not in the store as answered");
                return;
            }

            if (key is not null)
            {
                CheckKeyedAsk(booking.Id, quantity, request, replay: answer.Outcome == BookingOutcome.Replayed);
            }

            if (answer.Outcome == BookingOutcome.Confirmed)
            {
                _confirmed[user] = _confirmed.GetValueOrDefault(user) + 1;
                _known.Add(booking);
            }
            else if (activation.Core.Committed!.Version == Store.Event.Version && stored.Status != booking.Status)
            {
                Violation($"replay of booking {booking.Id} says {booking.Status}, the store {stored.Status}");
            }
        }
    }

    /// <summary>
    /// A refusal by the sale's rules agrees with the window as it stood between sending and answering (the decision
    /// happened in between), and a limit refusal leaves fewer seats than asked.
    /// </summary>
    private void CheckSaleAnswer(BookingAnswer answer, int quantity, DateTimeOffset sentAt)
    {
        var sale = Store.Event.Sale;
        switch (answer.Outcome)
        {
            case BookingOutcome.SalesNotOpen when sentAt >= sale.SalesStartAt || answer.SalesStartAt != sale.SalesStartAt:
                Violation($"sales_not_open (opening {answer.SalesStartAt:HH:mm:ss.fff}) for a booking sent at {sentAt:HH:mm:ss.fff}, sales open at {sale.SalesStartAt:HH:mm:ss.fff}");
                break;
            case BookingOutcome.SalesClosed when Clock.Now < sale.SalesEndAt:
                Violation($"sales_closed answered at {Clock.Now:HH:mm:ss.fff}, sales close at {sale.SalesEndAt:HH:mm:ss.fff}");
                break;
            case BookingOutcome.Confirmed when (Clock.Now < sale.SalesStartAt || sentAt >= sale.SalesEndAt) && !Claimed(answer.Booking!):
                Violation($"booking sent at {sentAt:HH:mm:ss.fff} confirmed at {Clock.Now:HH:mm:ss.fff}, outside [{sale.SalesStartAt:HH:mm:ss.fff}, {sale.SalesEndAt:HH:mm:ss.fff})");
                break;
            case BookingOutcome.TicketLimitReached when sale.MaxTicketsPerUser is null || answer.Remaining is not { } remaining || remaining >= quantity || remaining < 0:
                Violation($"ticket_limit_reached with remaining {answer.Remaining} for {quantity} seats, limit {sale.MaxTicketsPerUser}");
                break;
        }
    }

    /// <summary>True when the booking claimed a promotion within its seats: kept past the close of sales.</summary>
    private bool Claimed(Booking booking) =>
        Store.Promotions.Values.Any(p => p.BookingId == booking.Id && booking.Quantity <= p.Quantity);

    /// <summary>An account disabled (even flag) or enabled again (odd flag): the answer must match the stored entry.</summary>
    private async Task SuspendAsync(Op op)
    {
        var user = User(op.User);
        var suspend = op.Flag % 2 == 0;
        var started = _standingStarts.GetValueOrDefault(op.User);
        var alone = _standingRunning.GetValueOrDefault(op.User) == 1;
        var (activation, answer) = await Call(op, a => suspend ? a.Core.SuspendUserAsync(user) : a.Core.ResumeUserAsync(user));

        // Only a change no other join, leave or standing change of the same user could have overtaken is checked against
        // the store: concurrent changes of one user's standing end as the last one decided.
        if (!alone || _standingStarts.GetValueOrDefault(op.User) != started || activation is not { Dead: false } || answer is not { Outcome: WaitlistOutcome.Ok } || Store.Waitlist.FirstOrDefault(e => e.UserId == user) is not { } stored)
        {
            return;
        }

        if (stored.IsOpen && stored.Suspended != suspend)
        {
            Violation($"{(suspend ? "suspend" : "resume")} of user {op.User} answered ok, the store has suspended={stored.Suspended}");
        }

        if (suspend && answer.Place!.Position != 0)
        {
            Violation($"suspended user {op.User} answered with position {answer.Place.Position}");
        }
    }

    private async Task CancelAsync(Op op)
    {
        var booking = _known[op.N % _known.Count];
        var admin = op.Flag == 1;
        var caller = op.Flag == 2 ? User((op.User + 1) % 6) : booking.UserId;
        var (activation, answer) = await Call(op, a => a.Core.CancelBookingAsync(booking.Id, caller, admin));
        if (activation is null || answer is null)
        {
            return;
        }

        var owner = admin || caller == booking.UserId;
        if (activation.Dead || answer.Outcome == BookingOutcome.OutcomeUnknown)
        {
            _cancelClaims.Add(booking.Id);
        }
        else if (answer.Outcome == BookingOutcome.Cancelled)
        {
            _cancelClaims.Add(booking.Id);
            if (!owner)
            {
                Violation($"user {caller} cancelled booking {booking.Id} of another user");
            }

            if (Store.Booking(booking.Id)!.Status != BookingStatus.Cancelled)
            {
                Violation($"cancel of booking {booking.Id} answered cancelled, the store has it confirmed");
            }
        }
        else if (answer.Outcome == BookingOutcome.AlreadyCheckedIn)
        {
            CheckRefusedAfterCheckIn(booking.Id);
        }
        else if (answer.Outcome == BookingOutcome.BookingNotFound && owner)
        {
            Violation($"cancel of booking {booking.Id} by its owner answered not found");
        }
    }

    private async Task EditAsync(Op op, long? ifMatch)
    {
        var edit = new EventEdit(
            Name: $"name {op.N}",
            TotalCapacity: op.Flag == 3 ? Math.Max(1, Store.Event.Seats.TotalCapacity + op.N - 4) : null,
            PromotionWindowMinutes: op.N % 3 == 0 ? 1 : null,
            ExpectedVersion: ifMatch);
        var (activation, answer) = await Call(op, a => a.Core.UpdateAsync(edit));
        if (activation is { Dead: false } && answer is { Outcome: EventOutcome.Ok } && ifMatch is { } version)
        {
            if (!_ifMatchWins.Add(version))
            {
                Violation($"two edits with If-Match {version} both succeeded");
            }

            if (Store.Event.EditVersion <= version)
            {
                Violation($"edit with If-Match {version} answered ok, the store's edit version is {Store.Event.EditVersion}");
            }
        }
    }

    /// <summary>A read never shows what is not committed under a committed version.</summary>
    private void CheckRead(EventView view)
    {
        if (view.Event.Version > Store.Event.Version)
        {
            Violation($"read shows version {view.Event.Version}, the store has {Store.Event.Version}");
        }
        else if (view.Event.Version == Store.Event.Version && view.Event.Seats != Store.Event.Seats)
        {
            Violation($"read shows seats {view.Event.Seats} under version {view.Event.Version}, the store has {Store.Event.Seats}");
        }
    }

    /// <summary>After the run: what a sequential history allows.</summary>
    private void CheckHistory()
    {
        CheckRefusedPlans();
        foreach (var group in Store.Bookings.GroupBy(b => b.UserId))
        {
            var count = group.Count();
            var confirmed = _confirmed.GetValueOrDefault(group.Key);
            var uncertain = _uncertain.GetValueOrDefault(group.Key);
            if (count < confirmed || count > confirmed + uncertain)
            {
                Violation($"user {group.Key} has {count} bookings; answers allow {confirmed}..{confirmed + uncertain}");
            }
        }

        foreach (var (user, confirmed) in _confirmed)
        {
            if (!Store.Bookings.Any(b => b.UserId == user) && confirmed > 0)
            {
                Violation($"user {user} was told of {confirmed} bookings, the store has none");
            }
        }

        var cancelledAlone = Store.Bookings.Where(b => b.Status == BookingStatus.Cancelled && !Store.EventCancelledBookings.Contains(b.Id)).ToList();
        foreach (var booking in cancelledAlone.Where(b => !_cancelClaims.Contains(b.Id) && _known.Any(k => k.Id == b.Id)))
        {
            Violation($"booking {booking.Id} is cancelled but no cancel of it was answered cancelled or unknown");
        }

        CheckHoldHistory();
        Expect("booking_cancelled", Store.IndividualCancellations);
        Expect("promotion_expired", Store.Promotions.Values.Count(p => p.Status == "expired"));
        Expect("waitlist_promoted", Store.Promotions.Count);
        var overdue = Store.Promotions.Values.Where(p => p.Status == "active" && p.ExpiresAt < Clock.Now - TimeSpan.FromMinutes(2)).ToList();
        foreach (var promotion in overdue)
        {
            Violation($"promotion {promotion.Id} due at {promotion.ExpiresAt:HH:mm:ss} never expired");
        }
    }

    private void Expect(string kind, int count)
    {
        var written = Store.Notifications.Count(n => n.Kind == kind);
        if (written != count)
        {
            Violation($"{written} {kind} notifications for {count} occurrences");
        }
    }
}
