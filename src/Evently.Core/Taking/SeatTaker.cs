using Evently.Core.Answers;
using Evently.Core.Machine;
using Evently.Core.Sales;
using Evently.Core.Seating;
using Evently.Core.Waitlists;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Text;

namespace Evently.Core.Taking;

/// <summary>
/// Taking seats: one path for bookings and checkout holds, which obey the same rules. A request with an idempotency key
/// is answered from the key memory when the key is there, else once the store has said whether the key was used; a
/// retry is told the original only when it asks the same (<see cref="RequestShape"/>). Every request is refused, or
/// decided and enlisted, in one synchronous turn. What a kind of request does differently is its
/// <see cref="SeatTaking{TRecord,TAnswer}"/>.
/// </summary>
/// <param name="state">The event's state.</param>
/// <param name="seats">The seats, on a seated event.</param>
/// <param name="line">The waitlist (its promotion round comes first; an entry counts for the per-user limit).</param>
/// <param name="claims">The sale's rules as they count a user's seats.</param>
/// <param name="keyLookups">Requests of every kind waiting for a key lookup: they count against the bound on pending requests.</param>
internal sealed class SeatTaker(EventState state, SeatInventory seats, WaitlistLine line, SeatClaims claims, Func<int> keyLookups)
{
    /// <summary>Takes seats for one request of the kind <paramref name="taking"/> says; answered once its fate is known.</summary>
    public Task<TAnswer> TakeAsync<TRecord, TAnswer>(
        SeatTaking<TRecord, TAnswer> taking, Guid userId, int quantity, string? idempotencyKey, SeatRequest? request)
        where TRecord : class
    {
        if (!state.Exists)
        {
            return Task.FromResult(taking.Refuse(BookingOutcome.EventNotFound));
        }

        // Written in a batch shared with other requests: a key the store refuses must fail this request alone.
        if (!StoredText.CanStore(idempotencyKey))
        {
            return Task.FromResult(taking.Refuse(BookingOutcome.UnstorableText));
        }

        if (state.IsBroken)
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

        if (state.Pending + keyLookups() >= state.Options.MaxPending)
        {
            state.Observer.RateLimited();
            return Task.FromResult(taking.Refuse(BookingOutcome.RateLimited, state.Live.Seats.AvailableSeats));
        }

        return TakeAfterLookupAsync(taking, userId, quantity, request, keyed);
    }

    /// <summary>
    /// The one place that decides whether <paramref name="userId"/> may take <paramref name="quantity"/> seats now, for a
    /// booking and for a hold alike, before the sale's rules. Runs in the turn that then takes the seats, so nothing it
    /// read can change before they are taken. Null when allowed.
    /// </summary>
    private BookingOutcome? CheckBookingRules(DateTimeOffset now) =>
        BookingRules.IsBookable(state.Live.Status, state.Live.EventDate, now) ? null : BookingOutcome.NotBookable;

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

        if (state.IsBroken)
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
        if (state.Pending >= state.Options.MaxPending)
        {
            state.Observer.RateLimited();
            return Task.FromResult(taking.Refuse(BookingOutcome.RateLimited, state.Live.Seats.AvailableSeats));
        }

        var now = state.Now;
        if (CheckBookingRules(now) is { } refusal)
        {
            return Task.FromResult(taking.Refuse(refusal, state.Live.Seats.AvailableSeats));
        }

        line.PromoteOwed(now);

        // Held seats of the user's that this request may use, and so gives up (a booking claims its waitlist promotion).
        var own = taking.OwnHeld(userId, now);
        if (claims.Refuse(state.Live, userId, quantity, now, own?.Quantity ?? 0, line.Find(userId)) is { } refused)
        {
            return Task.FromResult(taking.Refuse(refused));
        }

        // On a seated event the seats are chosen first (the user's own held ones may be among them); nothing changes on a refusal.
        var (chosen, seatRefusal, atFault, longestRun) = seats.Choose(quantity, request, own is null ? null : seats.OwnedBy(own.Id));
        if (seatRefusal is { } seatOutcome)
        {
            if (seatOutcome == BookingOutcome.SoldOut)
            {
                state.Observer.SoldOut();
            }

            return Task.FromResult(longestRun is { } run
                ? taking.Refuse(new BookingAnswer(seatOutcome, null, state.Live.Seats.AvailableSeats, LongestRun: run))
                : taking.Refuse(seatOutcome, state.Live.Seats.AvailableSeats, atFault));
        }

        if (taking.Take(userId, quantity, chosen, own, keyed, now) is not { } answer)
        {
            state.Observer.SoldOut();
            return Task.FromResult(taking.Refuse(BookingOutcome.SoldOut, state.Live.Seats.AvailableSeats));
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
        var from = state.Settled.Begin();
        try
        {
            var answer = await original;
            if (taking.IsOutcomeUnknown(answer))
            {
                // The original's commit may have landed: a retry is told so too, never that nothing happened.
                return answer;
            }

            return state.IsBroken ? taking.Refuse(BookingOutcome.Unavailable) : taking.AsReplay(answer);
        }
        finally
        {
            state.Settled.End(from);
        }
    }
}
