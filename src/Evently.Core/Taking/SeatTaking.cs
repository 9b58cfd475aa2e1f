using Evently.Core.Answers;
using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Taking;

/// <summary>What taking seats for one kind of request (a booking, a checkout hold) does differently (see <see cref="SeatTaker"/>).</summary>
internal abstract class SeatTaking<TRecord, TAnswer>
    where TRecord : class
{
    /// <summary>The idempotency keys of this kind of request.</summary>
    public abstract KeyMemory<TRecord, TAnswer> Keys { get; }

    /// <summary>
    /// An answer that took no seats, in this kind's terms: a refusal by a booking rule (with the seats left, and the
    /// seats at fault), or no such event, nothing happened, the key was used for another request.
    /// </summary>
    public abstract TAnswer Refuse(BookingOutcome outcome, int availableSeats = 0, IReadOnlyList<string>? seats = null);

    /// <summary>A refusal by the sale's rules or the seats, with what it tells.</summary>
    public abstract TAnswer Refuse(BookingAnswer saleRefusal);

    /// <summary>What the request that made this stored record asked for.</summary>
    public abstract RequestShape AskedBy(TRecord stored);

    /// <summary>The original answer of a record found in the store by its key.</summary>
    public abstract TAnswer Found(TRecord stored);

    /// <summary>True when the answer says the outcome is not known.</summary>
    public abstract bool IsOutcomeUnknown(TAnswer answer);

    /// <summary>A settled original answer as a replay tells it: what it made, as it stands now.</summary>
    public abstract TAnswer AsReplay(TAnswer answer);

    /// <summary>Held seats of the user's that the request may use and gives up; null when none.</summary>
    public virtual Promotion? OwnHeld(Guid userId, DateTimeOffset now) => null;

    /// <summary>
    /// Takes the seats in this turn (<paramref name="chosen"/> on a seated event) and enlists what it makes; answered
    /// once committed. Null, changing nothing, when too few seats are free.
    /// </summary>
    public abstract Task<TAnswer>? Take(Guid userId, int quantity, int[]? chosen, Promotion? own, KeyedAsk? keyed, DateTimeOffset now);
}
