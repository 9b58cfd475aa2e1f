namespace Evently.Domain.Sales;

/// <summary>
/// How an event sells (API 1.1): the sales window, the per-user limit and the optional waiting room. Every layer carries
/// these fields as this one shape (create, edit, the core, the store, reads), so a new sale-day field is added here once.
/// </summary>
public sealed record SaleSettings(
    DateTimeOffset SalesStartAt,
    DateTimeOffset SalesEndAt,
    int? MaxTicketsPerUser = null,
    WaitingRoomSettings? WaitingRoom = null)
{
    /// <summary>Most tickets one user may hold for an event, when limited.</summary>
    public const int MaxTicketsLimit = 100;

    /// <summary>The defaults (docs/api.md#events): on sale from creation until the event starts, no limit, no waiting room.</summary>
    public static SaleSettings Default(DateTimeOffset createdAt, DateTimeOffset eventDate) => new(createdAt, eventDate);

    /// <summary>True when <c>salesStartAt &lt; salesEndAt &lt;= eventDate</c>.</summary>
    public bool FitsEventDate(DateTimeOffset eventDate) => SalesStartAt < SalesEndAt && SalesEndAt <= eventDate;

    /// <summary>Where <paramref name="now"/> falls in the sales window: the start is inclusive, the end exclusive.</summary>
    public SalesPhase PhaseAt(DateTimeOffset now) =>
        now < SalesStartAt ? SalesPhase.NotOpen : now >= SalesEndAt ? SalesPhase.Closed : SalesPhase.Open;

    /// <summary>How many more seats a user who has <paramref name="used"/> may take; null when there is no limit.</summary>
    public int? RemainingFor(int used) => MaxTicketsPerUser is { } max ? Math.Max(0, max - used) : null;
}
