using Evently.Core.Answers;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;
using Evently.Domain.Events;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The organizer's edits of the sale (window, limit, hold length, event date, waiting room) and the waiting room's
/// admissions, and what they must never do: promote anybody into seats they may not claim (checked by the store as each
/// promotion is written), or refuse a promoted user the claim of their promotion while its window lasts.
/// </summary>
internal sealed partial class Simulation
{
    private static readonly WaitingRoomSettings Room = new(60);

    // The waiting room grain's admissions: pushed to every activation, and to each new one as it loads.
    private readonly Dictionary<Guid, DateTimeOffset> _admissions = [];
    private int _saleEditsStarted;
    private int _saleEditsRunning;

    /// <summary>
    /// An admin edits the sale with If-Match (the version the activation serving the call has committed), as the API
    /// allows: of several edits from one version only one wins, so no batch ever holds two changes of the rules.
    /// </summary>
    private async Task EditSaleAsync(Op op)
    {
        var now = Clock.Now;
        var step = TimeSpan.FromSeconds(30);
        var edit = op.Flag switch
        {
            0 => new EventEdit(Sale: new SaleEdit(SalesEndAt: now + (op.N - 3) * step)),
            1 => new EventEdit(Sale: new SaleEdit(SalesStartAt: now + (op.N - 6) * step)),
            2 => new EventEdit(Sale: new SaleEdit(SetsMaxTicketsPerUser: true, MaxTicketsPerUser: op.N > 7 ? null : 1 + op.N % 3)),
            _ => (op.N % 3) switch
            {
                0 => new EventEdit(HoldMinutes: 1 + op.N % 5),
                1 => new EventEdit(EventDate: now + TimeSpan.FromMinutes(2 * (op.N + 1))),
                _ => new EventEdit(Sale: new SaleEdit(SetsWaitingRoom: true, WaitingRoom: op.N % 2 == 0 ? Room : null)),
            },
        };
        _saleEditsStarted++;
        _saleEditsRunning++;
        try
        {
            await Call(op, a => a.Core.Committed is { } committed
                ? a.Core.UpdateAsync(edit with { ExpectedVersion = committed.EditVersion })
                : Task.FromResult(EventAnswer.Of(EventOutcome.NotFound)));
        }
        finally
        {
            _saleEditsRunning--;
        }
    }

    /// <summary>The waiting room admits a user (flag 3: every user) for a while; every live activation hears it.</summary>
    private void Admit(Op op)
    {
        var until = Clock.Now + TimeSpan.FromSeconds(20 * (1 + op.N));
        var users = op.Flag == 3 ? Enumerable.Range(0, 6) : [op.User];
        foreach (var user in users.Select(User))
        {
            _admissions[user] = until;
        }

        foreach (var activation in new[] { _current, _stale })
        {
            if (activation is { Dead: false })
            {
                activation.Core.Admit(users.Select(u => (User(u), until)));
            }
        }
    }

    private void AdmitAll(SimActivation activation) => activation.Core.Admit(_admissions.Select(a => (a.Key, a.Value)));

    /// <summary>What a sale-rule check of an answer needs: no edit of the rules ran or started while the request was under way.</summary>
    private (int Started, bool Running) SaleEditsNow => (_saleEditsStarted, _saleEditsRunning > 0);

    private bool RulesSettled((int Started, bool Running) atSend, SimActivation activation) =>
        !atSend.Running && _saleEditsRunning == 0 && atSend.Started == _saleEditsStarted && activation.Core.Committed is { } committed
        && committed.Sale == Store.Event.Sale && committed.HoldMinutes == Store.Event.HoldMinutes && committed.EventDate == Store.Event.EventDate;

    /// <summary>
    /// A promoted user told of their promotion books its seats (no key): one of the users the store shows holding one,
    /// or, when nobody does, an ordinary booking.
    /// </summary>
    private Op ClaimOf(Op op)
    {
        var holders = Store.Promotions.Values.Where(p => p.Status == "active")
            .Select(p => (User: Store.Waitlist.First(e => e.Id == p.WaitlistId).UserId, p.Quantity))
            .OrderBy(h => h.User).ToList();
        if (holders.Count == 0)
        {
            return op with { Kind = OpKind.Book, Flag = 0 };
        }

        var (user, quantity) = holders[op.User % holders.Count];
        return op with { Kind = OpKind.Book, User = Enumerable.Range(0, 6).First(u => User(u) == user), N = quantity - 1, Flag = 0 };
    }

    /// <summary>The user's promotion as the deciding activation holds it, when it is still in its window (read in the deciding turn).</summary>
    private Promotion? HeldPromotion(SimActivation activation, Guid user) =>
        activation.Core.DecidedWaitlistEntry(user) is { Status: WaitlistStatus.Promoted, Promotion: { } promotion }
        && promotion.ExpiresAt > Clock.Now ? promotion : null;

    /// <summary>A promotion is kept as made: a claim within it is never refused by the sale's rules while its window lasts.</summary>
    private void CheckClaim(Op op, Promotion? held, int quantity, BookingAnswer answer)
    {
        if (held is not null && quantity <= held.Quantity && answer.Outcome is BookingOutcome.SalesClosed or BookingOutcome.SalesNotOpen
                or BookingOutcome.AdmissionRequired or BookingOutcome.TicketLimitReached)
        {
            Violation($"user {op.User} holding promotion {held.Id} of {held.Quantity} until {held.ExpiresAt:HH:mm:ss} was refused {answer.Outcome} for {quantity}");
        }
    }
}
