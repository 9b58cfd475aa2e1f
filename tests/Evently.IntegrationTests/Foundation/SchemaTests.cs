using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.IntegrationTests.Foundation;

public sealed class SchemaTests
{
    [Fact]
    public async Task Migrations_apply_to_empty_databases_and_reapply_as_no_ops()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(1);

        var firstDirectory = await SchemaMigrator.MigrateAsync(directory, "directory", NullLogger.Instance);
        var firstShard = await SchemaMigrator.MigrateAsync(shards[0], "shard", NullLogger.Instance);
        var schemaBefore = await SchemaFingerprintAsync(shards[0]);
        var queriesBefore = await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM orleansquery");
        var again = await SchemaMigrator.MigrateAsync(directory, "directory", NullLogger.Instance)
            + await SchemaMigrator.MigrateAsync(shards[0], "shard", NullLogger.Instance);

        Assert.Equal(SchemaMigrator.Scripts("directory").Count, firstDirectory);
        Assert.Equal(SchemaMigrator.Scripts("shard").Count, firstShard);
        Assert.Equal(0, again);
        Assert.Equal(schemaBefore, await SchemaFingerprintAsync(shards[0]));
        Assert.Equal(queriesBefore, await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM orleansquery"));
    }

    [Fact]
    public async Task Every_script_is_itself_idempotent_when_run_twice()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(1);
        foreach (var (kind, target) in new[] { ("directory", directory), ("shard", shards[0]) })
        {
            foreach (var (_, sql) in SchemaMigrator.Scripts(kind))
            {
                await TestPostgres.ExecuteAsync(target, sql);
                await TestPostgres.ExecuteAsync(target, sql);
            }
        }

        Assert.True(await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM orleansquery") > 0);
    }

    [Fact]
    public async Task Two_migrators_starting_together_apply_each_script_once()
    {
        var (_, shards) = await TestPostgres.CreateDatabasesAsync(1);

        var ran = await Task.WhenAll(
            SchemaMigrator.MigrateAsync(shards[0], "shard", NullLogger.Instance),
            SchemaMigrator.MigrateAsync(shards[0], "shard", NullLogger.Instance));

        Assert.Equal(SchemaMigrator.Scripts("shard").Count, ran.Sum());
    }

    [Theory]
    [InlineData("CleanupDefunctSiloEntriesKey")]
    [InlineData("GatewaysQueryKey")]
    [InlineData("UpsertReminderRowKey")]
    [InlineData("ReadRangeRows2Key")]
    public async Task Orleans_provider_queries_are_present(string key)
    {
        var (directory, _) = await TestPostgres.CreateDatabasesAsync(1);
        await SchemaMigrator.MigrateAsync(directory, "directory", NullLogger.Instance);

        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM orleansquery WHERE querykey = @k", ("k", key)));
    }

    [Fact]
    public async Task The_unused_Orleans_grain_storage_is_not_installed()
    {
        var (directory, _) = await TestPostgres.CreateDatabasesAsync(1);
        await SchemaMigrator.MigrateAsync(directory, "directory", NullLogger.Instance);

        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM orleansquery WHERE querykey LIKE '%StorageKey'"));
        Assert.False(await TestPostgres.ScalarAsync<bool>(directory, "SELECT to_regclass('orleansstorage') IS NOT NULL"));
    }

    [Theory]
    [InlineData("INSERT INTO events (id, organizer_id, name, venue, event_date, total_capacity, available_seats, price, base_price) VALUES (gen_random_uuid(), gen_random_uuid(), 'x', 'v', now(), 10, 11, 1, 1)")]
    [InlineData("INSERT INTO events (id, organizer_id, name, venue, event_date, total_capacity, available_seats, price, base_price) VALUES (gen_random_uuid(), gen_random_uuid(), 'x', 'v', now(), 10, -1, 1, 1)")]
    [InlineData("INSERT INTO events (id, organizer_id, name, venue, event_date, total_capacity, available_seats, held_seats, price, base_price) VALUES (gen_random_uuid(), gen_random_uuid(), 'x', 'v', now(), 10, 8, 3, 1, 1)")]
    [InlineData("INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount) VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'EV-1', 1, 1, 1)")]
    public async Task Shard_schema_refuses_rows_that_break_the_seed_constraints(string insert)
    {
        var (_, shards) = await TestPostgres.CreateDatabasesAsync(1);
        await SchemaMigrator.MigrateAsync(shards[0], "shard", NullLogger.Instance);

        await Assert.ThrowsAsync<PostgresException>(() => TestPostgres.ExecuteAsync(shards[0], insert));
    }

    [Fact]
    public async Task Waitlist_allows_one_entry_per_user_and_event()
    {
        var (_, shards) = await TestPostgres.CreateDatabasesAsync(1);
        await SchemaMigrator.MigrateAsync(shards[0], "shard", NullLogger.Instance);
        await TestPostgres.ExecuteAsync(shards[0], """
            INSERT INTO events (id, organizer_id, name, venue, event_date, total_capacity, available_seats, price, base_price)
            VALUES ('00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'x', 'v', now(), 10, 10, 1, 1);
            INSERT INTO waitlists (id, user_id, event_id, position) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-000000000001', 1);
            """);

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => TestPostgres.ExecuteAsync(shards[0],
            "INSERT INTO waitlists (id, user_id, event_id, position) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-000000000001', 2)"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
    }

    private static Task<string> SchemaFingerprintAsync(string connectionString) =>
        TestPostgres.ScalarAsync<string>(connectionString, """
            SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name)
                || (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public')
            FROM information_schema.columns WHERE table_schema = 'public'
            """);
}
