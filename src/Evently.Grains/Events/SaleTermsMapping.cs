using Evently.Contracts.Sales;
using Evently.Domain.Sales;

namespace Evently.Grains.Events;

/// <summary>The sale settings between the domain shape and the wire shape (the grain edge).</summary>
public static class SaleTermsMapping
{
    /// <summary>Wire terms from settings.</summary>
    public static SaleTerms ToTerms(SaleSettings sale) =>
        new(sale.SalesStartAt, sale.SalesEndAt, sale.MaxTicketsPerUser, ToTerms(sale.WaitingRoom));

    /// <summary>A wire waiting room, or null.</summary>
    public static WaitingRoomTerms? ToTerms(WaitingRoomSettings? room) =>
        room is null ? null : new WaitingRoomTerms(room.AdmitPerMinute, room.AdmissionMinutes, room.OpensMinutesBefore);

    /// <summary>Settings from wire terms; null stays null (the core then applies the defaults).</summary>
    public static SaleSettings? ToSettings(SaleTerms? terms) =>
        terms is null ? null : new SaleSettings(terms.SalesStartAt, terms.SalesEndAt, terms.MaxTicketsPerUser, ToSettings(terms.WaitingRoom));

    /// <summary>A domain waiting room, or null.</summary>
    public static WaitingRoomSettings? ToSettings(WaitingRoomTerms? room) =>
        room is null ? null : new WaitingRoomSettings(room.AdmitPerMinute, room.AdmissionMinutes, room.OpensMinutesBefore);

    /// <summary>A domain edit from a wire change, or null.</summary>
    public static SaleEdit? ToEdit(SaleChange? change) =>
        change is null ? null : new SaleEdit(change.SalesStartAt, change.SalesEndAt, change.SetsMaxTicketsPerUser, change.MaxTicketsPerUser,
            change.SetsWaitingRoom, ToSettings(change.WaitingRoom));
}
