namespace Evently.Domain.Sales;

/// <summary>
/// An admin's change to the sale: null dates stay as they are; the limit and the waiting room change only when their
/// <c>Sets…</c> flag is on (so that <c>null</c> can clear them).
/// </summary>
public sealed record SaleEdit(
    DateTimeOffset? SalesStartAt = null,
    DateTimeOffset? SalesEndAt = null,
    bool SetsMaxTicketsPerUser = false,
    int? MaxTicketsPerUser = null,
    bool SetsWaitingRoom = false,
    WaitingRoomSettings? WaitingRoom = null)
{
    /// <summary>True when nothing would change.</summary>
    public bool IsEmpty => SalesStartAt is null && SalesEndAt is null && !SetsMaxTicketsPerUser && !SetsWaitingRoom;

    /// <summary>
    /// The settings after this edit and a move of the event from <paramref name="oldDate"/> to <paramref name="newDate"/>:
    /// an end of sales not given here that stood at the old date (its default) or would now fall after the event follows
    /// the event's date.
    /// </summary>
    public SaleSettings ApplyTo(SaleSettings current, DateTimeOffset oldDate, DateTimeOffset newDate)
    {
        var end = SalesEndAt ?? (current.SalesEndAt == oldDate || current.SalesEndAt > newDate ? newDate : current.SalesEndAt);
        return new SaleSettings(
            SalesStartAt ?? current.SalesStartAt,
            end,
            SetsMaxTicketsPerUser ? MaxTicketsPerUser : current.MaxTicketsPerUser,
            SetsWaitingRoom ? WaitingRoom : current.WaitingRoom);
    }
}
