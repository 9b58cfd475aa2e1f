namespace Evently.Domain.Sales;

/// <summary>Where a moment falls in an event's sales window.</summary>
public enum SalesPhase
{
    /// <summary>Before <c>salesStartAt</c>.</summary>
    NotOpen,
    /// <summary>From <c>salesStartAt</c> (inclusive) to <c>salesEndAt</c> (exclusive).</summary>
    Open,
    /// <summary>From <c>salesEndAt</c> on.</summary>
    Closed,
}
