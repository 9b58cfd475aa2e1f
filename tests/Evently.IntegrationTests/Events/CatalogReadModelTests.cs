using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CsCheck;
using Evently.Core;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Catalog;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Evently.IntegrationTests.Events;

/// <summary>The catalog read model answers browse exactly as the SQL over every shard does, and within a second of a change.</summary>
public sealed class CatalogReadModelTests
{
    private static readonly TimeSpan Every10Ms = TimeSpan.FromMilliseconds(10);

    private static readonly DateTimeOffset Base = new(2031, 5, 1, 18, 0, 0, TimeSpan.Zero);

    // Few words, mixed case, non-ASCII letters (ILIKE under the shards' C locale folds ASCII only), LIKE's own wildcards.
    private static readonly string[] Words = ["Gala", "gala", "GALA", "Rock", "jazz", "Café", "CAFÉ", "straße", "Night 50%", "a_b", "back\\slash", "Öl", "x"];

    private static readonly Gen<string> Text = Gen.Select(Gen.OneOf(Words), Gen.OneOf(Words), Gen.Int[0, 2], (a, b, n) => n switch { 0 => a, 1 => a + " " + b, _ => b + "-" + a });

    private static readonly Gen<Row> AnyRow = Gen.Select(Gen.Guid, Gen.Int[0, 3], Text, Text, Gen.OneOf(Words), Gen.Int[0, 40], Gen.Int[0, 59],
        Gen.Frequency((5, Gen.Const("published")), (1, Gen.Const("cancelled")), (1, Gen.Const("completed"))), Gen.Int[1, 500],
        (id, shard, name, description, venue, hours, minutes, status, capacity) => new Row(id, shard, name, description, venue,
            Base.AddHours(hours).AddMinutes(minutes % 3 == 0 ? 0 : minutes).AddTicks(minutes * 13), status, capacity, capacity * minutes / 59));

    private static readonly Gen<string?> Filter = Gen.Frequency(
        (4, Gen.Const((string?)null)), (1, Gen.OneOf<string?>("", "  ", "%", "_", "\\", "é", "É", "SS", "ß")),
        (4, Gen.OneOf(Words).Select(Gen.Int[0, 3], Gen.Bool, (w, cut, upper) =>
            (string?)(upper ? w[Math.Min(cut, w.Length - 1)..].ToUpperInvariant() : " " + w[Math.Min(cut, w.Length - 1)..].ToLowerInvariant()))));

    private static readonly Gen<CatalogQuery> AnyQuery = Gen.Select(Gen.Int[-50, 45], Gen.Frequency((2, Gen.Const((int?)null)), (1, Gen.Int[0, 30].Select(h => (int?)h))),
        Filter, Gen.Frequency((3, Gen.Const((string?)null)), (1, Gen.OneOf<string?>("gala", "CAF", "ö", "Night", "x"))), Gen.Int[1, 4], Gen.Int[1, 7],
        (from, hours, text, venue, page, size) => new CatalogQuery(Base.AddHours(from).AddTicks(from * 7), hours is { } h ? Base.AddHours(from + h) : null, text, venue, page, size));

    [Fact]
    public async Task Listing_counts_pages_and_cursors_equal_the_sql_over_all_shards_for_random_events_and_queries()
    {
        await using var app = await EventlyApp.StartAsync();
        var databases = app.Services.GetRequiredService<ShardDataSources>();
        var reads = app.Services.GetRequiredService<EventReads>();

        await Gen.Select(AnyRow.Array[0, 120], AnyQuery.Array[1, 8], Gen.Int[0, 1_000_000]).SampleAsync(async (rows, queries, seed) =>
        {
            await ResetAsync(databases, rows);
            var model = new CatalogReadModel(databases, new CatalogOptions { PollMilliseconds = 50 }, TimeProvider.System, NullLogger<CatalogReadModel>.Instance);
            await model.StartAsync(CancellationToken.None);
            try
            {
                await Poll.AssertAsync(() => model.Loaded, TimeSpan.FromSeconds(10), Every10Ms);
                await AssertSameAsync(reads, model, queries);

                // Changes straight in the shards (as another silo, or a lost report, would leave them): the catch-up finds them.
                await ChangeSomeAsync(databases, rows, new Random(seed));
                await Task.Delay(400);
                await AssertSameAsync(reads, model, queries);
            }
            finally
            {
                await model.StopAsync(CancellationToken.None);
                model.Dispose();
            }
        }, iter: 12, threads: 1);
    }

    [Fact]
    public async Task A_new_event_a_booking_and_a_change_whose_report_was_lost_show_in_browse_within_a_second()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        using var anonymous = app.CreateClient();
        using var user = await app.UserClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        async Task<JsonElement?> ListedAsync(Guid id)
        {
            var page = await (await anonymous.GetAsync(new Uri($"/api/v1/events?q={tag}&pageSize=100", UriKind.Relative))).JsonAsync();
            return page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("id").GetGuid() == id).Select(e => (JsonElement?)e).FirstOrDefault();
        }

        var clock = Stopwatch.StartNew();
        var eventId = await app.CreateEventAsync(admin, capacity: 50, name: $"Staleness {tag}");
        await Poll.AssertAsync(async () => await ListedAsync(eventId) is not null, TimeSpan.FromSeconds(1), Every10Ms);
        var created = clock.Elapsed;

        clock.Restart();
        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 3)).StatusCode);
        await Poll.AssertAsync(async () => await ListedAsync(eventId) is { } e && e.GetProperty("availableSeats").GetInt32() == 47, TimeSpan.FromSeconds(1), Every10Ms);
        var booked = clock.Elapsed;

        // A change that no grain report announces (another silo's, or a lost one): only the catch-up can find it.
        var quiet = await app.CreateEventAsync(admin, capacity: 10, name: $"Quiet {tag}");
        await Poll.AssertAsync(async () => await ListedAsync(quiet) is not null, TimeSpan.FromSeconds(1), Every10Ms);
        var shard = app.ShardOf(quiet);
        clock.Restart();
        await TestPostgres.ExecuteAsync(shard, $"UPDATE events SET available_seats = 4, version = version + 1, updated_at = now() WHERE id = '{quiet}'");
        await Poll.AssertAsync(async () => await ListedAsync(quiet) is { } e && e.GetProperty("availableSeats").GetInt32() == 4, TimeSpan.FromSeconds(1), Every10Ms);
        var unreported = clock.Elapsed;

        Assert.True(created < TimeSpan.FromSeconds(1), $"new event listed after {created}");
        Assert.True(booked < TimeSpan.FromSeconds(1), $"booking listed after {booked}");
        Assert.True(unreported < TimeSpan.FromSeconds(1), $"unreported change listed after {unreported}");
    }

    [Fact]
    public void An_older_copy_never_replaces_a_newer_one_and_moves_keep_the_order()
    {
        var index = new CatalogIndex();
        var a = Item(Guid.NewGuid(), Base.AddDays(2), version: 3, available: 10);
        var b = Item(Guid.NewGuid(), Base.AddDays(1), version: 1, available: 5);
        Assert.True(index.Apply(a));
        Assert.True(index.Apply(b));
        Assert.False(index.Apply(a with { Version = 2, Seats = a.Seats with { AvailableSeats = 99 } }));
        Assert.True(index.Apply(a with { Version = 4, EventDate = Base.AddHours(1) }));
        Assert.True(index.Apply(b with { Version = 2, Status = "cancelled" }));
        Assert.True(index.Apply(b with { Version = 3, Status = "published", Seats = b.Seats with { AvailableSeats = 1 } }));

        var page = index.Search(new CatalogQuery(Base, null, null, null, 1, 10));

        Assert.Equal([a.Id, b.Id], page.Items.Select(i => i.Id));
        Assert.Equal(10, page.Items[0].Seats.AvailableSeats);
        Assert.Equal(1, page.Items[1].Seats.AvailableSeats);
        Assert.Equal(2, page.TotalCount);
        Assert.Null(page.Next);
    }

    private static EventRecord Item(Guid id, DateTimeOffset date, long version, int available) =>
        new(id, Guid.NewGuid(), "Name", "Description", "Venue", date, new SeatLedger(10, available, 0), 10.00m, 10.00m, "fixed", "published", 15,
            version, Base, Base, new SaleSettings(Base, date), 10);

    private static async Task AssertSameAsync(EventReads reads, CatalogReadModel model, CatalogQuery[] queries)
    {
        foreach (var query in queries)
        {
            var sql = await reads.SearchAsync(new EventSearch(query.From, query.To, query.Text, query.Venue, query.Page, query.PageSize));
            var memory = await model.SearchAsync(query);
            Assert.Equal(sql.TotalCount, memory.TotalCount);
            Assert.Equal(sql.Items, memory.Items);

            // Walking the cursors from the first page lists what the SQL's pages list, page after page.
            var expected = new List<EventRecord>();
            for (var page = 1; ; page++)
            {
                var sqlPage = await reads.SearchAsync(new EventSearch(query.From, query.To, query.Text, query.Venue, page, query.PageSize));
                expected.AddRange(sqlPage.Items);
                if (sqlPage.Items.Count < query.PageSize || expected.Count >= sql.TotalCount)
                {
                    break;
                }
            }

            var walked = new List<EventRecord>();
            var next = await model.SearchAsync(query with { Page = 1 });
            walked.AddRange(next.Items);
            while (next.Next is { } cursor)
            {
                Assert.True(CatalogCursor.TryDecode(cursor.Encode(), out var decoded));
                Assert.Equal(cursor, decoded);
                next = await model.SearchAsync(query with { After = decoded });
                Assert.Equal(cursor.Page, next.Page);
                walked.AddRange(next.Items);
            }

            Assert.Equal(expected, walked);
        }
    }

    private static async Task ResetAsync(ShardDataSources databases, Row[] rows)
    {
        for (var shard = 0; shard < databases.Shards.Count; shard++)
        {
            await using var connection = await databases.Shards[shard].OpenConnectionAsync();
            await using (var clear = new NpgsqlCommand("DELETE FROM events", connection))
            {
                await clear.ExecuteNonQueryAsync();
            }

            foreach (var row in rows.Where(r => r.Shard == shard).DistinctBy(r => r.Id))
            {
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO events (id, organizer_id, name, description, venue, event_date, total_capacity, available_seats, held_seats,
                                        price, base_price, pricing_policy, status, promotion_window_minutes, version, created_at, updated_at)
                    VALUES (@id, @organizer, @name, @description, @venue, @date, @capacity, @available, 0, 12.5, 10, 'fixed', @status, 15, 1, now(), now())
                    """, connection);
                insert.Parameters.AddWithValue("id", row.Id);
                insert.Parameters.AddWithValue("organizer", Guid.NewGuid());
                insert.Parameters.AddWithValue("name", row.Name);
                insert.Parameters.AddWithValue("description", row.Description);
                insert.Parameters.AddWithValue("venue", row.Venue);
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("date", NpgsqlDbType.TimestampTz) { TypedValue = row.Date });
                insert.Parameters.AddWithValue("capacity", row.Capacity);
                insert.Parameters.AddWithValue("available", row.Available);
                insert.Parameters.AddWithValue("status", row.Status);
                await insert.ExecuteNonQueryAsync();
            }
        }
    }

    // Seats, dates, status and text of some rows change, and new rows arrive, each a new version stamped now.
    private static async Task ChangeSomeAsync(ShardDataSources databases, Row[] rows, Random random)
    {
        foreach (var row in rows.DistinctBy(r => r.Id).Where(_ => random.Next(3) == 0))
        {
            await using var command = databases.Shards[row.Shard].CreateCommand("""
                UPDATE events SET available_seats = least(total_capacity, @available), status = @status, name = @name,
                       event_date = event_date + make_interval(mins => @minutes), version = version + 1, updated_at = now()
                WHERE id = @id
                """);
            command.Parameters.AddWithValue("id", row.Id);
            command.Parameters.AddWithValue("available", random.Next(0, 500));
            command.Parameters.AddWithValue("status", random.Next(4) == 0 ? "cancelled" : "published");
            command.Parameters.AddWithValue("name", Words[random.Next(Words.Length)]);
            command.Parameters.AddWithValue("minutes", random.Next(3) == 0 ? random.Next(-600, 600) : 0);
            await command.ExecuteNonQueryAsync();
        }

        var extra = Enumerable.Range(0, random.Next(0, 10)).Select(i => new Row(Guid.NewGuid(), random.Next(4), Words[random.Next(Words.Length)],
            "new", Words[random.Next(Words.Length)], Base.AddHours(random.Next(0, 40)), "published", 10, 5)).ToArray();
        foreach (var row in extra)
        {
            await using var insert = databases.Shards[row.Shard].CreateCommand("""
                INSERT INTO events (id, organizer_id, name, description, venue, event_date, total_capacity, available_seats, price, base_price)
                VALUES (@id, @id, @name, @description, @venue, @date, 10, 5, 1, 1)
                """);
            insert.Parameters.AddWithValue("id", row.Id);
            insert.Parameters.AddWithValue("name", row.Name);
            insert.Parameters.AddWithValue("description", row.Description);
            insert.Parameters.AddWithValue("venue", row.Venue);
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("date", NpgsqlDbType.TimestampTz) { TypedValue = row.Date });
            await insert.ExecuteNonQueryAsync();
        }
    }

    private sealed record Row(Guid Id, int Shard, string Name, string Description, string Venue, DateTimeOffset Date, string Status, int Capacity, int Available);
}
