using Evently.Core.Answers;
using Evently.Core.Seating;
using Evently.Domain.Seating;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// Reserved seating in the simulation: clients ask for the best available seats (together or not) or for named seats
/// chosen among the first few, so requests race for the same seats. Every answer that took seats must name seats the
/// store holds for it; a seats_taken answer names only seats the request asked for; no_adjacent_seats answers only seats
/// asked for together, with a run shorter than asked; and once quiet, memory's seat map equals the store's seat rows.
/// </summary>
internal sealed partial class Simulation
{
    // What each keyed booking or hold answered as made asked for: its key's replays must ask the same.
    private readonly Dictionary<Guid, (int Quantity, SeatRequest? Request)> _askedFor = [];

    private SeatMap? _seats;

    /// <summary>The plan the store holds now, for naming seats (its states are never used).</summary>
    public SeatMap? Seats => Store.Plan is not { } plan ? null : _seats?.Plan == plan ? _seats : _seats = new SeatMap(plan);

    /// <summary>Rows of three seats: the first two rows in section A, the rest in B.</summary>
    private static SeatingPlan SeatedPlan(int capacity)
    {
        var sizes = Enumerable.Range(0, (capacity + 2) / 3).Select(r => Math.Min(3, capacity - r * 3)).ToList();
        var sections = new List<PlanSection> { new("A", sizes.Take(2).Select((n, i) => new PlanRow($"{i + 1}", n)).ToList()) };
        if (sizes.Count > 2)
        {
            sections.Add(new PlanSection("B", sizes.Skip(2).Select((n, i) => new PlanRow($"{i + 1}", n)).ToList()));
        }

        return new SeatingPlan(sections);
    }

    /// <summary>What a booking or hold asks for on a seated event: best available, together, or named seats among the first four.</summary>
    private SeatRequest? SeatRequestFor(Op op, int quantity)
    {
        if (Seats is not { } map)
        {
            return null;
        }

        return (op.N / 3 % 3) switch
        {
            0 => null,
            1 => new SeatRequest(Together: true, Section: op.User % 3 == 0 && map.Plan.Sections.Count > 1 ? "B" : null),
            _ => new SeatRequest(Enumerable.Range(op.User % 4, quantity).Select(s => s % map.Capacity).Distinct().Select(map.SeatId).ToList()),
        };
    }

    /// <summary>A seated answer agrees with the request and with the store's seat rows.</summary>
    private void CheckSeatAnswer(
        BookingOutcome outcome, Guid? owner, IReadOnlyList<string>? seats, SeatRequest? request, int quantity, bool held, int? longestRun)
    {
        if (Seats is not { } map)
        {
            if (seats is { Count: > 0 })
            {
                Violation($"a general-admission answer lists seats {string.Join(",", seats)}");
            }

            return;
        }

        var named = request?.Seats;
        if (named is not null && named.Count != quantity)
        {
            // The request names fewer seats than the quantity (a small plan): the core must refuse it as invalid.
            if (outcome is BookingOutcome.Confirmed)
            {
                Violation($"a request naming {named.Count} seats for {quantity} was granted");
            }

            return;
        }

        switch (outcome)
        {
            case BookingOutcome.Confirmed when owner is { } id:
                if (seats is null || seats.Count != quantity || seats.Distinct().Count() != quantity)
                {
                    Violation($"{id} took {quantity} seats but lists [{string.Join(",", seats ?? [])}]");
                    return;
                }

                if (named is not null && !seats.SequenceEqual(named))
                {
                    Violation($"{id} asked for [{string.Join(",", named)}] and got [{string.Join(",", seats)}]");
                }

                var indexes = seats.Select(s => map.TryFind(s, out var i) ? i : -1).ToList();
                // A waitlist holder books its promotion's seats first, wherever they are.
                var holder = Store.Promotions.Values.Any(p => p.BookingId == id);
                if (request is { Together: true } && !holder && (indexes.Zip(indexes.Skip(1)).Any(p => p.Second != p.First + 1)
                    || RowOf(map, indexes[0]) != RowOf(map, indexes[^1])))
                {
                    Violation($"{id} asked for seats together and got [{string.Join(",", seats)}]");
                }

                var rows = held ? Store.HeldSeats : Store.SoldSeats;
                if (Store.OwnerIsLive(id, held) && !indexes.All(i => rows.TryGetValue(i, out var o) && o == id))
                {
                    Violation($"{id} was answered seats [{string.Join(",", seats)}], the store does not hold them for it");
                }

                break;
            case BookingOutcome.SeatsTaken:
                if (named is null || seats is not { Count: > 0 } || seats.Except(named).Any())
                {
                    Violation($"seats_taken lists [{string.Join(",", seats ?? [])}] for a request of [{string.Join(",", named ?? [])}]");
                }

                break;
            case BookingOutcome.InvalidSeats:
                Violation($"invalid_seats for a request the plan has: {request}");
                break;
            case BookingOutcome.NoAdjacentSeats:
                // Only seats asked for together can lack a run; enough were free, so a run of one at least, shorter than asked.
                if (request is not { Together: true, IsSpecific: false } || longestRun is not { } run || run < 1 || run >= quantity)
                {
                    Violation($"no_adjacent_seats with longest run {longestRun} for {quantity} seats, request {request}");
                }

                break;
        }
    }

    /// <summary>
    /// A keyed request answered as made (<paramref name="replay"/> false) is remembered; one answered as a replay must ask
    /// what the original asked: the same quantity, the same named seats in any order, or the same section and together.
    /// </summary>
    private void CheckKeyedAsk(Guid owner, int quantity, SeatRequest? request, bool replay)
    {
        if (!replay)
        {
            _askedFor[owner] = (quantity, request);
            return;
        }

        if (_askedFor.TryGetValue(owner, out var first) && (first.Quantity != quantity || !SameAsk(first.Request, request)))
        {
            Violation($"a retry asking {quantity} {request} was answered with {owner}, made for {first.Quantity} {first.Request}");
        }
    }

    private static bool SameAsk(SeatRequest? first, SeatRequest? retry)
    {
        List<string>? Named(SeatRequest? r) => r is { IsSpecific: true, Seats: { } seats } ? seats.Order(StringComparer.Ordinal).ToList() : null;
        var (a, b) = (Named(first), Named(retry));
        if (a is not null || b is not null)
        {
            return a is not null && b is not null && a.SequenceEqual(b);
        }

        return first?.Section == retry?.Section && (first?.Together ?? false) == (retry?.Together ?? false);
    }

    private static string RowOf(SeatMap map, int seat) => map.SeatId(seat)[..map.SeatId(seat).LastIndexOf('-')];

    /// <summary>Once quiet and up to date, memory's seat map is the store's seat rows, seat by seat.</summary>
    private void CheckSeatMemory(SimActivation activation)
    {
        var map = activation.Core.Seating;
        if ((map is null) != (Store.Plan is null))
        {
            Violation($"activation {activation.Number} has a seat map: {map is not null}; the store a plan: {Store.Plan is not null}");
            return;
        }

        if (map is not null && Describe(map.Plan) != Describe(Store.Plan!))
        {
            Violation($"activation {activation.Number} seats by plan {Describe(map.Plan)}, the store has {Describe(Store.Plan!)}");
            return;
        }

        for (var seat = 0; map is not null && seat < map.Capacity; seat++)
        {
            var stored = Store.SoldSeats.ContainsKey(seat) ? SeatState.Sold : Store.HeldSeats.ContainsKey(seat) ? SeatState.Held : SeatState.Available;
            if (map.StateOf(seat) != stored)
            {
                Violation($"activation {activation.Number} has seat {map.SeatId(seat)} {map.StateOf(seat)}, the store {stored}");
                return;
            }
        }
    }
}
