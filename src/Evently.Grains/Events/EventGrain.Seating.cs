using Evently.Contracts.Events;
using Evently.Contracts.Seating;

namespace Evently.Grains.Events;

/// <summary>Reserved seating: the plan and the seat map as committed, both served from memory.</summary>
public sealed partial class EventGrain
{
    /// <inheritdoc />
    public async Task<EventResult> SetSeatingPlanAsync(SeatingPlanTerms plan)
    {
        var result = Gone(ToResult(await _core.SetSeatingPlanAsync(SeatingTermsMapping.ToPlan(plan))));
        PublishCommitted();
        return result;
    }

    /// <inheritdoc />
    public Task<SeatingResult> GetSeatingPlanAsync() => Task.FromResult(Gone(
        _core.Committed is null ? new SeatingResult(SeatingOutcome.EventNotFound)
        : _core.Seating is not { } map ? new SeatingResult(SeatingOutcome.NoSeatingPlan)
        : new SeatingResult(SeatingOutcome.Ok, SeatingTermsMapping.ToTerms(map.Plan))));

    /// <inheritdoc />
    public Task<SeatingResult> GetSeatsAsync(string? section)
    {
        if (_core.Committed is null)
        {
            return Task.FromResult(Gone(new SeatingResult(SeatingOutcome.EventNotFound)));
        }

        if (_core.Seating is not { } map)
        {
            return Task.FromResult(new SeatingResult(SeatingOutcome.NoSeatingPlan));
        }

        int? index = null;
        if (section is not null && (index = map.SectionIndex(section)) is null)
        {
            return Task.FromResult(new SeatingResult(SeatingOutcome.UnknownSection));
        }

        var rows = map.Rows(index).Select(r => new SeatRowView(r.Section, r.Row, r.Seats)).ToList();
        return Task.FromResult(new SeatingResult(SeatingOutcome.Ok, Seats: new SeatAvailability(_core.Id, map.Available, map.Held, map.Sold, rows)));
    }

    private static Core.Seating.SeatRequest? SeatRequestOf(IReadOnlyList<string>? seats, string? section, bool together) =>
        seats is null && section is null && !together ? null : new Core.Seating.SeatRequest(seats, section, together);
}
