namespace Evently.Contracts.Seating;

/// <summary>What a read of a seated event found.</summary>
public enum SeatingOutcome
{
    /// <summary>The plan or the seats are in the result.</summary>
    Ok,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>The event sells general admission: it has no seating plan.</summary>
    NoSeatingPlan,
    /// <summary>The plan has no section of that name.</summary>
    UnknownSection,
}

/// <summary>The answer to a read of an event's seating plan or seats.</summary>
[GenerateSerializer, Immutable]
public sealed record SeatingResult(
    [property: Id(0)] SeatingOutcome Outcome,
    [property: Id(1)] SeatingPlanTerms? Plan = null,
    [property: Id(2)] SeatAvailability? Seats = null);
