using System.Data.Common;
using Evently.Domain.Sales;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>
/// The events row's sale-day columns (migration 0008) in one place: what is selected, inserted and updated, and how a
/// row becomes a <see cref="SaleSettings"/>. A window left NULL reads as the defaults of docs/api.md#events.
/// </summary>
internal static class SaleColumns
{
    /// <summary>Select list (6 columns) of the sale settings.</summary>
    public const string Select = """
        coalesce(sales_start_at, created_at), coalesce(sales_end_at, event_date), max_tickets_per_user,
        waiting_room_admit_per_minute, waiting_room_admission_minutes, waiting_room_opens_minutes_before
        """;

    /// <summary>Column names for an insert, matching <see cref="Values"/>.</summary>
    public const string Insert = "sales_start_at, sales_end_at, max_tickets_per_user, waiting_room_admit_per_minute, waiting_room_admission_minutes, waiting_room_opens_minutes_before";

    /// <summary>Parameters for an insert, matching <see cref="Insert"/>.</summary>
    public const string Values = "@salesStart, @salesEnd, @maxPerUser, @admitPerMinute, @admissionMinutes, @opensBefore";

    /// <summary>The SET clause of an update.</summary>
    public const string Set = """
        sales_start_at = @salesStart, sales_end_at = @salesEnd, max_tickets_per_user = @maxPerUser,
        waiting_room_admit_per_minute = @admitPerMinute, waiting_room_admission_minutes = @admissionMinutes,
        waiting_room_opens_minutes_before = @opensBefore
        """;

    /// <summary>Reads the 6 columns of <see cref="Select"/> starting at <paramref name="first"/>.</summary>
    public static SaleSettings Read(DbDataReader reader, int first) => new(
        reader.GetFieldValue<DateTimeOffset>(first),
        reader.GetFieldValue<DateTimeOffset>(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetInt32(first + 2),
        reader.IsDBNull(first + 3) ? null : new WaitingRoomSettings(reader.GetInt32(first + 3), reader.GetInt32(first + 4), reader.GetInt32(first + 5)));

    /// <summary>Adds the parameters <see cref="Values"/> and <see cref="Set"/> name.</summary>
    public static void AddParameters(NpgsqlParameterCollection parameters, SaleSettings sale)
    {
        parameters.AddWithValue("salesStart", sale.SalesStartAt);
        parameters.AddWithValue("salesEnd", sale.SalesEndAt);
        parameters.Add(Int("maxPerUser", sale.MaxTicketsPerUser));
        parameters.Add(Int("admitPerMinute", sale.WaitingRoom?.AdmitPerMinute));
        parameters.Add(Int("admissionMinutes", sale.WaitingRoom?.AdmissionMinutes));
        parameters.Add(Int("opensBefore", sale.WaitingRoom?.OpensMinutesBefore));
    }

    private static NpgsqlParameter Int(string name, int? value) => new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };
}
