using Evently.Core;
using Evently.Domain.Events;
using Evently.Persistence.Storage;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>
/// The one place an <c>events</c> row becomes an <see cref="EventRecord"/> for the reads (browse, the catalog read model
/// and its catch-up), and where a grain's committed record is made to read exactly as that row stores it. A new event
/// field is added here and in the column list.
/// </summary>
public static class EventRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns =
        "id, organizer_id, name, description, venue, event_date, total_capacity, available_seats, held_seats, " +
        "price, base_price, pricing_policy, status, promotion_window_minutes, version, created_at, updated_at, " +
        SaleColumns.Select + ", hold_minutes, edit_version";

    /// <summary>How many columns <see cref="Columns"/> names (a query may select more after them).</summary>
    public const int ColumnCount = 25;

    /// <summary>The row under the reader, selected with <see cref="Columns"/> first.</summary>
    public static EventRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5), new SeatLedger(reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8)),
        reader.GetDecimal(9), reader.GetDecimal(10), reader.GetString(11), reader.GetString(12), reader.GetInt32(13),
        reader.GetInt64(14), reader.GetFieldValue<DateTimeOffset>(15), reader.GetFieldValue<DateTimeOffset>(16),
        SaleColumns.Read(reader, 17), reader.GetInt32(23), reader.GetInt64(24));

    /// <summary>
    /// The committed record as its row reads back: timestamps to the microsecond (Npgsql truncates), money to 2 places
    /// (<c>numeric(12,2)</c> rounds half away from zero) with scale 2.
    /// </summary>
    public static EventRecord AsStored(EventRecord e) => e with
    {
        EventDate = ToMicros(e.EventDate),
        Price = Money(e.Price),
        BasePrice = Money(e.BasePrice),
        CreatedAt = ToMicros(e.CreatedAt),
        UpdatedAt = ToMicros(e.UpdatedAt),
        Sale = e.Sale with { SalesStartAt = ToMicros(e.Sale.SalesStartAt), SalesEndAt = ToMicros(e.Sale.SalesEndAt) },
    };

    /// <summary>The instant as PostgreSQL stores it: UTC, whole microseconds.</summary>
    public static DateTimeOffset ToMicros(DateTimeOffset value)
    {
        var utc = value.UtcTicks;
        return new DateTimeOffset(utc - (utc % 10), TimeSpan.Zero);
    }

    private static decimal Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
