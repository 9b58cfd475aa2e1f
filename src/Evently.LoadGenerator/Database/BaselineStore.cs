using Npgsql;

namespace Evently.LoadGenerator.Database;

/// <summary>The baseline's own copy of the shard's events and bookings tables, in a schema of its own.</summary>
internal static class BaselineStore
{
    /// <summary>Resolves the database to use: the given one, or a scratch database created here.</summary>
    public static async Task<string> PrepareDatabaseAsync(string connectionString, string scratchDatabase, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Database) && builder.Database is not ("postgres" or "template0" or "template1"))
        {
            return builder.ConnectionString;
        }

        var admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
            exists.Parameters.AddWithValue("n", scratchDatabase);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseCheck.Quote(scratchDatabase)}", conn);
                await create.ExecuteNonQueryAsync(ct);
            }
        }

        builder.Database = scratchDatabase;
        return builder.ConnectionString;
    }

    /// <summary>How many more connections the server accepts: max_connections − reserved − in use − a margin of 5.</summary>
    public static async Task<int> ConnectionHeadroomAsync(string connectionString, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') - 5",
            conn);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Drops and re-creates <c>{schema}.events</c> and <c>{schema}.bookings</c> (shaped like the shard's) and inserts one event.</summary>
    public static async Task<Guid> CreateTablesAndEventAsync(string connectionString, string schema, int seats, CancellationToken ct)
    {
        var s = DatabaseCheck.Quote(schema);
        var sql = $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            DROP TABLE IF EXISTS {s}.bookings;
            DROP TABLE IF EXISTS {s}.events;
            CREATE TABLE {s}.events (
                id                       uuid           PRIMARY KEY,
                organizer_id             uuid           NOT NULL,
                name                     varchar(200)   NOT NULL,
                description              text           NOT NULL DEFAULT '',
                venue                    varchar(200)   NOT NULL,
                event_date               timestamptz    NOT NULL,
                total_capacity           integer        NOT NULL CHECK (total_capacity BETWEEN 1 AND 1000000),
                available_seats          integer        NOT NULL,
                held_seats               integer        NOT NULL DEFAULT 0 CHECK (held_seats >= 0),
                price                    numeric(12, 2) NOT NULL CHECK (price >= 0),
                base_price               numeric(12, 2) NOT NULL CHECK (base_price >= 0),
                pricing_policy           varchar(16)    NOT NULL DEFAULT 'fixed',
                status                   varchar(16)    NOT NULL DEFAULT 'published',
                promotion_window_minutes integer        NOT NULL DEFAULT 15,
                version                  bigint         NOT NULL DEFAULT 1,
                created_at               timestamptz    NOT NULL DEFAULT now(),
                updated_at               timestamptz    NOT NULL DEFAULT now(),
                CONSTRAINT events_available_seats_range CHECK (available_seats BETWEEN 0 AND total_capacity),
                CONSTRAINT events_seats_within_capacity CHECK (available_seats + held_seats <= total_capacity)
            );
            CREATE TABLE {s}.bookings (
                id              uuid           PRIMARY KEY,
                user_id         uuid           NOT NULL,
                event_id        uuid           NOT NULL REFERENCES {s}.events (id),
                booking_ref     varchar(16)    NOT NULL,
                quantity        integer        NOT NULL CHECK (quantity BETWEEN 1 AND 100),
                unit_price      numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
                total_amount    numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
                status          varchar(16)    NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
                idempotency_key varchar(64),
                created_at      timestamptz    NOT NULL DEFAULT now(),
                cancelled_at    timestamptz,
                CONSTRAINT bookings_booking_ref_key UNIQUE (booking_ref),
                CONSTRAINT bookings_idempotency_key UNIQUE (user_id, event_id, idempotency_key),
                CONSTRAINT bookings_cancelled_at_matches_status CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
            );
            CREATE INDEX ON {s}.bookings (user_id, created_at DESC);
            CREATE INDEX ON {s}.bookings (event_id, status);
            CREATE INDEX ON {s}.bookings (created_at);
            INSERT INTO {s}.events (id, organizer_id, name, venue, event_date, total_capacity, available_seats, price, base_price)
            VALUES (@id, @organizer, 'Baseline flash sale', 'Load Test Arena', now() + interval '30 days', @seats, @seats, 49.90, 49.90);
            """;
        var id = Guid.CreateVersion7();
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("organizer", Guid.CreateVersion7());
        cmd.Parameters.AddWithValue("seats", seats);
        await cmd.ExecuteNonQueryAsync(ct);
        return id;
    }
}
