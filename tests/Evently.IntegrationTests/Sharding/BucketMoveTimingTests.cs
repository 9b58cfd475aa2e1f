using System.Diagnostics;
using System.Globalization;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Sharding;

/// <summary>
/// How long moving a bucket takes for its size: an event with many bookings (seeded with SQL) moved to another database.
/// EVENTLY_MOVE_BOOKINGS sets the count (docs/performance.md measures 100,000; by default a smaller one).
/// </summary>
public sealed class BucketMoveTimingTests(AdminAppFixture fixture, ITestOutputHelper output) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Moving_a_bucket_of_many_bookings_moves_every_row_and_reports_how_long_it_took()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("EVENTLY_MOVE_BOOKINGS"), CultureInfo.InvariantCulture, out var configured) ? configured : 5_000;
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: count, name: "A full bucket");
        var bucket = Buckets.Of(eventId);
        var databases = App.Services.GetRequiredService<ShardDataSources>();
        var from = databases.Map.ShardOfBucket(bucket);
        var to = (from + 1) % databases.Shards.Count;
        var source = App.Shards[from];
        var target = App.Shards[to];
        var ids = Enumerable.Range(0, count).Select(_ => Buckets.MintId(bucket, DateTimeOffset.UtcNow)).ToArray();
        var prefix = Guid.NewGuid().ToString("N")[..3].ToUpperInvariant();
        var seeding = Stopwatch.StartNew();
        await TestPostgres.ScalarAsync<long>(source, """
            WITH seeded AS (
                INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount)
                SELECT i, gen_random_uuid(), @e, @prefix || lpad(n::text, 12, '0'), 1, 49.90, 49.90
                FROM unnest(@ids) WITH ORDINALITY AS t (i, n)
                RETURNING 1)
            SELECT count(*) FROM seeded
            """, ("e", eventId), ("prefix", prefix), ("ids", ids));
        await TestPostgres.ExecuteAsync(source, $"UPDATE events SET available_seats = 0 WHERE id = '{eventId}'");
        seeding.Stop();

        var moving = Stopwatch.StartNew();
        var moved = await App.Services.GetRequiredService<ShardAdministration>().MoveBucketAsync(bucket, to);
        moving.Stop();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"moved bucket {bucket} ({moved.Events} event, {count:N0} bookings) from shard {from} to shard {to} in {moving.ElapsedMilliseconds:N0} ms "
            + $"({count / Math.Max(moving.Elapsed.TotalSeconds, 0.001):N0} bookings/s); seeding took {seeding.ElapsedMilliseconds:N0} ms"));
        Assert.Equal(1, moved.Events);
        Assert.Equal((long)count, await TestPostgres.ScalarAsync<long>(target, "SELECT count(*) FROM bookings WHERE event_id = @e", ("e", eventId)));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(source, "SELECT count(*) FROM bookings WHERE event_id = @e", ("e", eventId)));
        Assert.Equal((long)count, await TestPostgres.ScalarAsync<long>(target,
            "SELECT coalesce(sum(bookings), 0)::bigint FROM event_daily_sales WHERE event_id = @e", ("e", eventId)));
    }
}
