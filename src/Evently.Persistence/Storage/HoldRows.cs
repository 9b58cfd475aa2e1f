using Evently.Domain.Holds;
using Npgsql;

namespace Evently.Persistence.Storage;

/// <summary>Maps <c>holds</c> rows to the domain's <see cref="Hold"/>.</summary>
internal static class HoldRows
{
    public const string Columns =
        "id, event_id, user_id, quantity, unit_price, total_amount, status, expires_at, booking_id, created_at, resolved_at, idempotency_key";

    public static Hold Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetGuid(2),
        reader.GetInt32(3),
        reader.GetDecimal(4),
        reader.GetDecimal(5),
        reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetGuid(8),
        reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetString(11));
}
