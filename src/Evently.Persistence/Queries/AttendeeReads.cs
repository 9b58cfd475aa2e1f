using System.Runtime.CompilerServices;
using Evently.Domain.Seating;
using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>
/// An event's attendees: its confirmed bookings in booking order, from the event's shard, with the bookers' names from
/// the directory (looked up a chunk at a time) and, for a seated event, the seats named by its plan (fixed once a seat
/// is sold). The whole list streams row by row, so an event of 100,000 attendees is never held in memory.
/// </summary>
public sealed class AttendeeReads(ShardDataSources databases)
{
    private const int NameChunk = 500;

    private const string Where = """
        b.event_id = @event AND b.status = 'confirmed'
          AND (@q::text IS NULL OR b.booking_ref ILIKE @q OR b.user_id = ANY(@named))
        """;

    private const string Select = $"""
        SELECT b.id, b.booking_ref, b.user_id, b.quantity, b.created_at,
               (SELECT array_agg(s.seat ORDER BY s.seat) FROM booking_seats s WHERE s.event_id = b.event_id AND s.booking_id = b.id)
        FROM bookings b WHERE {Where}
        """;

    private readonly SeatingPlanCache _plans = new(databases);

    /// <summary>One page of the event's attendees; <paramref name="q"/> matches the booking ref or the booker's name.</summary>
    public async Task<Paged<Attendee>> PageAsync(Guid eventId, string? q, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var named = await NamedAsync(q, cancellationToken).ConfigureAwait(false);
        var shard = databases.ForId(eventId);
        var rows = new List<Row>();
        await using (var command = Filtered(shard, $"{Select} ORDER BY b.created_at, b.id LIMIT @limit OFFSET @offset", eventId, q, named))
        {
            command.Parameters.AddWithValue("limit", pageSize);
            command.Parameters.AddWithValue("offset", (long)(page - 1) * pageSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Read(reader));
            }
        }

        long total;
        await using (var count = Filtered(shard, $"SELECT count(*) FROM bookings b WHERE {Where}", eventId, q, named))
        {
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var plan = await PlanAsync(eventId, rows, cancellationToken).ConfigureAwait(false);
        return new Paged<Attendee>(await NameAsync(rows, plan, cancellationToken).ConfigureAwait(false), page, pageSize, total);
    }

    /// <summary>Every attendee of the event in booking order, read as the caller consumes them.</summary>
    public async IAsyncEnumerable<Attendee> AllAsync(Guid eventId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = Filtered(databases.ForId(eventId), $"{Select} ORDER BY b.created_at, b.id", eventId, null, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var chunk = new List<Row>(NameChunk);
        SeatingPlan? plan = null;
        var more = true;
        while (more)
        {
            more = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (more)
            {
                chunk.Add(Read(reader));
            }

            if (chunk.Count == NameChunk || (!more && chunk.Count > 0))
            {
                plan ??= await PlanAsync(eventId, chunk, cancellationToken).ConfigureAwait(false);
                foreach (var attendee in await NameAsync(chunk, plan, cancellationToken).ConfigureAwait(false))
                {
                    yield return attendee;
                }

                chunk.Clear();
            }
        }
    }

    private static NpgsqlCommand Filtered(NpgsqlDataSource shard, string sql, Guid eventId, string? q, Guid[] named)
    {
        var command = shard.CreateCommand(sql);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<string?>("q", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = Pattern(q) });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("named", named));
        return command;
    }

    // The users a name search matches live in the directory, not on the shard: found first, then matched by id.
    private async Task<Guid[]> NamedAsync(string? q, CancellationToken cancellationToken)
    {
        if (Pattern(q) is not { } pattern)
        {
            return [];
        }

        await using var command = databases.Directory.CreateCommand("SELECT id FROM users WHERE name ILIKE @q");
        command.Parameters.AddWithValue("q", pattern);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    private async Task<SeatingPlan?> PlanAsync(Guid eventId, List<Row> rows, CancellationToken cancellationToken)
    {
        if (!rows.Any(r => r.Seats is { Length: > 0 }))
        {
            return null;
        }

        await using var command = databases.ForId(eventId).CreateCommand("SELECT updated_at FROM seating_plans WHERE event_id = @event");
        command.Parameters.AddWithValue("event", eventId);
        DateTimeOffset at;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            at = reader.GetFieldValue<DateTimeOffset>(0);
        }

        return await _plans.GetAsync(eventId, at, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<Attendee>> NameAsync(List<Row> rows, SeatingPlan? plan, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        if (rows.Count > 0)
        {
            await using var command = databases.Directory.CreateCommand("SELECT id, name FROM users WHERE id = ANY(@ids)");
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.UserId).Distinct().ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names[reader.GetGuid(0)] = reader.GetString(1);
            }
        }

        return rows.Select(r => new Attendee(r.BookingRef, r.Id, names.GetValueOrDefault(r.UserId, string.Empty), r.Quantity,
            r.Seats is { Length: > 0 } seats && plan is not null ? plan.SeatIds(seats) : null, r.CreatedAt)).ToList();
    }

    private static Row Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<int[]>(5));

    private static string? Pattern(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private sealed record Row(Guid Id, string BookingRef, Guid UserId, int Quantity, DateTimeOffset CreatedAt, int[]? Seats);
}
