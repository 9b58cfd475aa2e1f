using Evently.Domain.Bookings;
using Npgsql;

namespace Evently.Persistence.Storage;

/// <summary>Maps <c>bookings</c> rows to the domain's <see cref="Booking"/>.</summary>
internal static class BookingRows
{
    public const string Columns =
        "id, booking_ref, event_id, user_id, quantity, unit_price, total_amount, status, created_at, cancelled_at, idempotency_key";

    /// <summary>How many columns <see cref="Columns"/> names (a query may select more after them).</summary>
    public const int ColumnCount = 11;

    public static string StatusName(BookingStatus status) => BookingStatusNames.Of(status);

    public static Booking Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetGuid(2),
        reader.GetGuid(3),
        reader.GetInt32(4),
        reader.GetDecimal(5),
        reader.GetDecimal(6),
        BookingStatusNames.Parse(reader.GetString(7)),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetString(10));
}
