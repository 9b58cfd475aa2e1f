using Evently.Core.Holds;
using Evently.Core.Sales;
using Evently.Domain.Bookings;
using Evently.Domain.Holds;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Parts;

/// <summary>What the per-user limit counts, alone: confirmed seats, checkout holds, a promotion and a waiting entry.</summary>
public sealed class SeatClaimsTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid User = Guid.NewGuid();
    private static readonly SaleSettings LimitOfThree = new(Now.AddHours(-1), Now.AddHours(1), MaxTicketsPerUser: 3);

    private static (SeatClaims Claims, SaleRules Rules, HoldBook Holds) Claims(int confirmed = 0, int held = 0)
    {
        var rules = new SaleRules(new Admissions());
        rules.Load(new Dictionary<Guid, int> { [User] = confirmed });
        var holds = new HoldBook();
        if (held > 0)
        {
            holds.Track(new Hold(Guid.NewGuid(), Guid.NewGuid(), User, held, 10m, 10m * held, HoldStatus.Held, Now.AddMinutes(10), null, Now, null, null));
        }

        return (new SeatClaims(rules, holds), rules, holds);
    }

    private static WaitlistEntry Waiting(int quantity) =>
        new(Guid.NewGuid(), User, quantity, 0, Now, WaitlistStatus.Waiting, null);

    private static WaitlistEntry Promoted(int quantity) =>
        Waiting(quantity) with { Status = WaitlistStatus.Promoted, Promotion = new Promotion(Guid.NewGuid(), quantity, Now, Now.AddMinutes(15)) };

    [Fact]
    public void Held_seats_are_checkout_holds_and_a_promotion_but_not_seats_waited_for()
    {
        var (claims, _, _) = Claims(held: 2);

        Assert.Equal(2, claims.HeldBy(User, null));
        Assert.Equal(2, claims.HeldBy(User, Waiting(4)));
        Assert.Equal(5, claims.HeldBy(User, Promoted(3)));
        Assert.Equal(4, SeatClaims.WaitingFor(Waiting(4)));
        Assert.Equal(0, SeatClaims.WaitingFor(Promoted(3)));
    }

    [Fact]
    public void Everything_claimed_counts_confirmed_held_and_waited_for_seats()
    {
        var (claims, _, _) = Claims(confirmed: 1, held: 1);

        Assert.Equal(3, claims.ClaimedBy(User, Waiting(1)));
        Assert.Equal(0, claims.RemainingFor(LimitOfThree, User, Waiting(1)));
        Assert.Null(claims.RemainingFor(LimitOfThree with { MaxTicketsPerUser = null }, User, Waiting(1)));
    }

    [Fact]
    public void A_waiting_entry_may_claim_only_what_the_limit_leaves_beside_the_users_other_seats()
    {
        // Limit 3, one confirmed and one held: one seat is left, so an entry for one fits and an entry for two does not.
        var (claims, _, _) = Claims(confirmed: 1, held: 1);
        var one = Waiting(1);
        var two = Waiting(2);

        Assert.True(claims.MayClaim(LimitOfThree, one, one));
        Assert.False(claims.MayClaim(LimitOfThree, two, two));
        Assert.True(claims.MayClaim(LimitOfThree with { MaxTicketsPerUser = null }, two, two));
    }

    [Fact]
    public void Confirmed_seats_counted_later_change_what_may_be_claimed()
    {
        var (claims, rules, _) = Claims(confirmed: 1);
        var two = Waiting(2);
        Assert.True(claims.MayClaim(LimitOfThree, two, two));

        rules.CountSeats(User, 1);

        Assert.False(claims.MayClaim(LimitOfThree, two, two));
    }

    [Fact]
    public void A_request_is_refused_past_the_limit_counting_holds_and_the_waitlist_but_a_claimed_promotion_is_kept()
    {
        var (claims, _, _) = Claims(confirmed: 1, held: 1);
        var record = LineRig.Record(capacity: 10, LimitOfThree);

        var refused = claims.Refuse(record, User, 1, Now, released: 0, Waiting(1));
        Assert.Equal(BookingOutcome.TicketLimitReached, refused?.Outcome);
        Assert.Equal(0, refused?.Remaining);

        Assert.Null(claims.Refuse(record, User, 1, Now, released: 0, null));
        Assert.Null(claims.Refuse(record, User, 2, Now, released: 2, Promoted(2)));
    }
}
