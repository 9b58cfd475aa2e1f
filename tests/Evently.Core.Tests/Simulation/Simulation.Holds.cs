using Evently.Core.Answers;
using Evently.Domain.Holds;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Simulation;

/// <summary>The checkout-hold clients: hold, confirm (alone or several at once), release; and what their answers must agree with.</summary>
internal sealed partial class Simulation
{
    private readonly List<Hold> _knownHolds = [];
    private readonly Dictionary<Guid, int> _holdsAnswered = [];
    private readonly Dictionary<Guid, int> _holdsUncertain = [];
    private readonly HashSet<Guid> _holdConfirms = [];
    private readonly HashSet<Guid> _holdsRefusedAsExpired = [];

    private async Task HoldAsync(Op op)
    {
        var user = User(op.User);
        var quantity = 1 + op.N % 3;
        var key = op.Flag == 0 ? null : $"h{op.Flag}";
        var plan = PlanNow;
        var request = SeatRequestFor(op, quantity);
        var rules = SaleEditsNow;
        var (activation, answer) = await Call(op, a => a.Core.HoldAsync(user, quantity, key, request));
        if (activation is null || answer is null)
        {
            return;
        }

        if (PlanSettled(plan, activation))
        {
            CheckSeatAnswer(answer.Outcome switch
            {
                HoldOutcome.Held => BookingOutcome.Confirmed,
                HoldOutcome.Refused => answer.Refusal ?? BookingOutcome.Unavailable,
                _ => BookingOutcome.Unavailable,
            }, answer.Hold?.Id, answer.Seats, request, quantity, held: true, answer.LongestRun);
        }

        if (activation.Dead || answer.Outcome == HoldOutcome.OutcomeUnknown)
        {
            _holdsUncertain[user] = _holdsUncertain.GetValueOrDefault(user) + 1;
            return;
        }

        if (answer.Outcome is HoldOutcome.Held or HoldOutcome.Replayed)
        {
            var hold = answer.Hold!;
            if (Store.Hold(hold.Id) is not { } stored || stored.UserId != user || stored.Quantity != hold.Quantity || hold.Quantity != quantity)
            {
                Violation($"{answer.Outcome} hold {hold.Id} of user {op.User} is not in the store as answered");
                return;
            }

            if (key is not null)
            {
                CheckKeyedAsk(hold.Id, quantity, request, replay: answer.Outcome == HoldOutcome.Replayed);
            }

            if (answer.Outcome == HoldOutcome.Held)
            {
                _holdsAnswered[user] = _holdsAnswered.GetValueOrDefault(user) + 1;
                _knownHolds.Add(hold);
                if (hold.ExpiresAt != hold.CreatedAt.AddMinutes(Store.Event.HoldMinutes) && RulesSettled(rules, activation))
                {
                    Violation($"hold {hold.Id} expires at {hold.ExpiresAt:HH:mm:ss}, not {Store.Event.HoldMinutes} minutes after {hold.CreatedAt:HH:mm:ss}");
                }

                if (op.N % 2 == 0)
                {
                    // The checkout flow: the buyer pays and confirms at once, racing the clock and the expiry.
                    await ConfirmHoldAsync(op with { Kind = OpKind.Confirm, N = _knownHolds.Count - 1, Flag = 0 });
                }
            }
        }
    }

    private async Task ConfirmHoldAsync(Op op)
    {
        // Mostly the latest holds, which are likely still held; sometimes any.
        var hold = _knownHolds[op.Flag == 3 ? op.N % _knownHolds.Count : Math.Max(0, _knownHolds.Count - 1 - op.N % 3)];
        var owner = op.Flag != 1;
        var caller = owner ? hold.UserId : User((op.User + 1) % 6) == hold.UserId ? User((op.User + 2) % 6) : User((op.User + 1) % 6);
        var (activation, answer) = await Call(op, a => a.Core.ConfirmHoldAsync(hold.Id, caller));
        if (activation is null || answer is null)
        {
            return;
        }

        if (activation.Dead || answer.Outcome == HoldOutcome.OutcomeUnknown)
        {
            _uncertain[hold.UserId] = _uncertain.GetValueOrDefault(hold.UserId) + 1;
            return;
        }

        var stored = Store.Hold(hold.Id)!;
        switch (answer.Outcome)
        {
            case HoldOutcome.Confirmed or HoldOutcome.AlreadyConfirmed:
                if (!owner)
                {
                    Violation($"user {caller} confirmed hold {hold.Id} of another user");
                }

                if (stored.Status != HoldStatus.Confirmed || stored.BookingId != answer.Booking?.Id)
                {
                    Violation($"confirm of hold {hold.Id} answered {answer.Outcome} with booking {answer.Booking?.Id}, the store has {stored.Status} / {stored.BookingId}");
                }

                if (answer.Outcome == HoldOutcome.Confirmed)
                {
                    if (!_holdConfirms.Add(hold.Id))
                    {
                        Violation($"hold {hold.Id} was answered confirmed (201) twice");
                    }

                    _confirmed[hold.UserId] = _confirmed.GetValueOrDefault(hold.UserId) + 1;
                    _known.Add(answer.Booking!);
                }

                break;
            case HoldOutcome.HoldExpired:
                _holdsRefusedAsExpired.Add(hold.Id);
                if (Clock.Now < hold.ExpiresAt && stored.Status is not (HoldStatus.Released or HoldStatus.Expired))
                {
                    Violation($"confirm of hold {hold.Id} answered hold_expired before its deadline {hold.ExpiresAt:HH:mm:ss}; the store has it {stored.Status}");
                }

                break;
            case HoldOutcome.HoldNotFound when owner:
                Violation($"confirm of hold {hold.Id} by its owner answered not found");
                break;
            case not (HoldOutcome.HoldNotFound or HoldOutcome.Refused or HoldOutcome.Unavailable):
                Violation($"confirm of hold {hold.Id} answered {answer.Outcome}");
                break;
        }
    }

    private async Task ReleaseHoldAsync(Op op)
    {
        var hold = _knownHolds[op.N % _knownHolds.Count];
        var admin = op.Flag == 1;
        var caller = op.Flag == 2 ? (User((op.User + 1) % 6) == hold.UserId ? User((op.User + 2) % 6) : User((op.User + 1) % 6)) : hold.UserId;
        var (activation, answer) = await Call(op, a => a.Core.ReleaseHoldAsync(hold.Id, caller, admin));
        if (activation is not { Dead: false } || answer is null || answer.Outcome == HoldOutcome.OutcomeUnknown)
        {
            return;
        }

        var allowed = admin || caller == hold.UserId;
        var stored = Store.Hold(hold.Id)!;
        switch (answer.Outcome)
        {
            case HoldOutcome.Released:
                if (!allowed)
                {
                    Violation($"user {caller} released hold {hold.Id} of another user");
                }

                if (stored.Status is not (HoldStatus.Released or HoldStatus.Expired))
                {
                    Violation($"release of hold {hold.Id} answered released, the store has it {stored.Status}");
                }

                break;
            case HoldOutcome.HoldConfirmed when stored.Status != HoldStatus.Confirmed:
                Violation($"release of hold {hold.Id} answered hold_confirmed, the store has it {stored.Status}");
                break;
            case HoldOutcome.HoldNotFound when allowed:
                Violation($"release of hold {hold.Id} by its owner or an admin answered not found");
                break;
            case not (HoldOutcome.Released or HoldOutcome.HoldConfirmed or HoldOutcome.HoldNotFound or HoldOutcome.Unavailable):
                Violation($"release of hold {hold.Id} answered {answer.Outcome}");
                break;
        }
    }

    /// <summary>After the run: holds as a sequential history allows, every refusal as expired final, every deadline met.</summary>
    private void CheckHoldHistory()
    {
        foreach (var group in Store.Holds.GroupBy(h => h.UserId))
        {
            var answered = _holdsAnswered.GetValueOrDefault(group.Key);
            var uncertain = _holdsUncertain.GetValueOrDefault(group.Key);
            if (group.Count() < answered || group.Count() > answered + uncertain)
            {
                Violation($"user {group.Key} has {group.Count()} holds; answers allow {answered}..{answered + uncertain}");
            }
        }

        foreach (var id in _holdsRefusedAsExpired.Where(id => Store.Hold(id)!.Status == HoldStatus.Confirmed))
        {
            Violation($"hold {id} was refused as expired and is confirmed");
        }

        foreach (var hold in Store.Holds.Where(h => h.IsActive && h.ExpiresAt < Clock.Now - TimeSpan.FromMinutes(2)))
        {
            Violation($"hold {hold.Id} due at {hold.ExpiresAt:HH:mm:ss} never expired");
        }

        Expect("hold_expired", Store.Holds.Count(h => h.Status == HoldStatus.Expired));
    }
}
