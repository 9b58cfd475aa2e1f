using Evently.Core.Answers;
using Evently.Core.Seating;
using Evently.Domain.Text;
using Evently.Domain.Waitlists;
using Evently.Domain.Bookings;

namespace Evently.Core;

/// <summary>
/// Taking seats: one path for bookings and checkout holds, which obey the same rules. A request with an idempotency key
/// is answered from the key memory when the key is there, else once the store has said whether the key was used; a
/// retry is told the original only when it asks the same (<see cref="RequestShape"/>). Every request is refused, or
/// decided and enlisted, in one synchronous turn. What a kind of request does differently is its
/// <see cref="SeatTaking{TRecord,TAnswer}"/>.
/// </summary>
public sealed partial class EventCore
{
    /// <summary>Requests waiting for a key lookup: they count against the bound on pending requests.</summary>
    private int KeyLookups => _keys.LookingUp + (_holdKeys?.LookingUp ?? 0);

    private Task<TAnswer> TakeAsync<TRecord, TAnswer>(
        SeatTaking<TRecord, TAnswer> taking, Guid userId, int quantity, string? idempotencyKey, SeatRequest? request)
        where TRecord : class
    {
        if (_live is null)
        {
            return Task.FromResult(taking.Refuse(BookingOutcome.EventNotFound));
        }

        // Written in a batch shared with other requests: a key the store refuses must fail this request alone.
        if (!StoredText.CanStore(idempotencyKey))
        {
            return Task.FromResult(taking.Refuse(BookingOutcome.UnstorableText));
        }

        if (IsBroken)
        {
            return Task.FromResult(taking.Refuse(BookingOutcome.Unavailable));
        }

        if (idempotencyKey is null)
        {
            return Decide(taking, userId, quantity, request, null);
        }

        var keyed = new KeyedAsk(idempotencyKey, RequestShape.Of(quantity, request));
        if (Remembered(taking, userId, keyed) is { } replay)
        {
            return replay;
        }

        if (_commits.Pending + KeyLookups >= _options.MaxPending)
        {
            _observer.RateLimited();
            return Task.FromResult(taking.Refuse(BookingOutcome.RateLimited, _live.Seats.AvailableSeats));
        }

        return TakeAfterLookupAsync(taking, userId, quantity, request, keyed);
    }

    /// <summary>The answer to a key this instance remembers: the first request's, or a refusal for a request that asks otherwise.</summary>
    private Task<TAnswer>? Remembered<TRecord, TAnswer>(SeatTaking<TRecord, TAnswer> taking, Guid userId, KeyedAsk keyed)
        where TRecord : class =>
        taking.Keys.Find(userId, keyed.Key) is not { } earlier ? null
        : earlier.Asked.Matches(keyed.Asked) ? ReplayAsync(taking, earlier.Answer)
        : Task.FromResult(taking.Refuse(BookingOutcome.KeyReused));

    /// <summary>A key this instance does not remember: the store says whether it was used, then the request is decided.</summary>
    private async Task<TAnswer> TakeAfterLookupAsync<TRecord, TAnswer>(
        SeatTaking<TRecord, TAnswer> taking, Guid userId, int quantity, SeatRequest? request, KeyedAsk keyed)
        where TRecord : class
    {
        var lookup = taking.Keys.LookUp(userId, keyed.Key);
        TRecord? stored;
        try
        {
            stored = await lookup.FindAsync(userId, keyed.Key);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing was decided: the caller may simply retry.
            taking.Keys.Release(lookup);
            return taking.Refuse(BookingOutcome.Unavailable);
        }

        // Decided in this turn, and only then is the lookup released: until then no key it may not see is forgotten.
        Task<TAnswer> answer;
        try
        {
            answer = AfterLookup(taking, userId, quantity, request, keyed, stored);
        }
        finally
        {
            taking.Keys.Release(lookup);
        }

        return await answer;
    }

    /// <summary>The lookup was a snapshot: a request with the same key may have been decided while it ran.</summary>
    private Task<TAnswer> AfterLookup<TRecord, TAnswer>(
        SeatTaking<TRecord, TAnswer> taking, Guid userId, int quantity, SeatRequest? request, KeyedAsk keyed, TRecord? stored)
        where TRecord : class
    {
        // A request made meanwhile with this key answers this one too, whatever became of this instance since.
        if (Remembered(taking, userId, keyed) is { } replay)
        {
            return replay;
        }

        if (IsBroken)
        {
            return Task.FromResult(taking.Refuse(BookingOutcome.Unavailable));
        }

        if (stored is not null)
        {
            var original = Task.FromResult(taking.Found(stored));
            var asked = taking.AskedBy(stored);
            taking.Keys.Remember(userId, keyed.Key, asked, original);
            return asked.Matches(keyed.Asked) ? ReplayAsync(taking, original) : Task.FromResult(taking.Refuse(BookingOutcome.KeyReused));
        }

        return Decide(taking, userId, quantity, request, keyed);
    }

    /// <summary>Decides the request in this turn under the booking and sale rules and enlists it; a key is remembered with its answer.</summary>
    private Task<TAnswer> Decide<TRecord, TAnswer>(
        SeatTaking<TRecord, TAnswer> taking, Guid userId, int quantity, SeatRequest? request, KeyedAsk? keyed)
        where TRecord : class
    {
        if (_commits.Pending >= _options.MaxPending)
        {
            _observer.RateLimited();
            return Task.FromResult(taking.Refuse(BookingOutcome.RateLimited, _live!.Seats.AvailableSeats));
        }

        var now = _time.GetUtcNow();
        if (CheckBookingRules(userId, quantity, now) is { } refusal)
        {
            return Task.FromResult(taking.Refuse(refusal, _live!.Seats.AvailableSeats));
        }

        PromoteOwed(now);

        // Held seats of the user's that this request may use, and so gives up (a booking claims its waitlist promotion).
        var own = taking.OwnHeld(userId, now);
        if (RefuseBySaleRules(userId, quantity, now, own?.Quantity ?? 0) is { } refused)
        {
            return Task.FromResult(taking.Refuse(refused));
        }

        // On a seated event the seats are chosen first (the user's own held ones may be among them); nothing changes on a refusal.
        var (chosen, seatRefusal, atFault) = _seats.Choose(quantity, request, own is null ? null : _seats.OwnedBy(own.Id));
        if (seatRefusal is { } seatOutcome)
        {
            if (seatOutcome == BookingOutcome.SoldOut)
            {
                _observer.SoldOut();
            }

            return Task.FromResult(taking.Refuse(seatOutcome, _live!.Seats.AvailableSeats, atFault));
        }

        if (taking.Take(userId, quantity, chosen, own, keyed, now) is not { } answer)
        {
            _observer.SoldOut();
            return Task.FromResult(taking.Refuse(BookingOutcome.SoldOut, _live!.Seats.AvailableSeats));
        }

        if (keyed is not null)
        {
            // A failed commit breaks this instance, and these keys with it: a fresh one finds them in the store.
            taking.Keys.Remember(userId, keyed.Key, keyed.Asked, answer);
        }

        return answer;
    }

    /// <summary>A retry's answer: the original's, as it stands now once it is settled.</summary>
    private async Task<TAnswer> ReplayAsync<TRecord, TAnswer>(SeatTaking<TRecord, TAnswer> taking, Task<TAnswer> original)
        where TRecord : class
    {
        // Told as it stands once settled: a cancellation or settlement committed while this waits stays in memory till then.
        var from = Settled.Begin();
        try
        {
            var answer = await original;
            if (taking.IsOutcomeUnknown(answer))
            {
                // The original's commit may have landed: a retry is told so too, never that nothing happened.
                return answer;
            }

            return IsBroken ? taking.Refuse(BookingOutcome.Unavailable) : taking.AsReplay(answer);
        }
        finally
        {
            Settled.End(from);
        }
    }

    /// <summary>An idempotency key and what the request made with it asked for.</summary>
    private sealed record KeyedAsk(string Key, RequestShape Asked);

    /// <summary>What taking seats for one kind of request (a booking, a checkout hold) does differently.</summary>
    private abstract class SeatTaking<TRecord, TAnswer>
        where TRecord : class
    {
        /// <summary>The idempotency keys of this kind of request.</summary>
        public abstract KeyMemory<TRecord, TAnswer> Keys { get; }

        /// <summary>
        /// An answer that took no seats, in this kind's terms: a refusal by a booking rule (with the seats left, and the
        /// seats at fault), or no such event, nothing happened, the key was used for another request.
        /// </summary>
        public abstract TAnswer Refuse(BookingOutcome outcome, int availableSeats = 0, IReadOnlyList<string>? seats = null);

        /// <summary>A refusal by the sale's rules, with what it tells.</summary>
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
}
