using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Analytics;

/// <summary>
/// One app with a known data set across three shards (three organizers): events, bookings and cancellations made through
/// the API today, and events with bookings, cancellations and waitlist entries inserted with SQL at chosen instants of
/// March 2025 (fresh events that no grain ever loads, seat equation kept). Tests only read it.
/// </summary>
public sealed class AnalyticsFixture : IAsyncLifetime
{
    /// <summary>The app.</summary>
    public EventlyApp App { get; private set; } = null!;

    /// <summary>The seeded admin's token.</summary>
    public string Admin { get; private set; } = null!;

    /// <summary>A plain user's token.</summary>
    public string User { get; private set; } = null!;

    /// <summary>The March 2025 events: P1 (40 seats), P2 (30 seats, 2 held), P3 (cancelled).</summary>
    public (Guid P1, Guid P2, Guid P3) Past { get; private set; }

    /// <summary>The API events: E1 (10 seats), E2 (20), E3 (5, sold out), E4 (cancelled), E5 (50, nothing sold).</summary>
    public IReadOnlyList<Guid> Live { get; private set; } = [];

    /// <summary>Every row, read back with plain SQL once the data set is built.</summary>
    public RawTables Raw { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        App = await EventlyApp.StartAsync();
        Admin = await App.AdminTokenAsync();
        (_, User) = await App.RegisterAsync();
        var organizers = await OrganizersOnDistinctShardsAsync();
        var (a, b, c) = (organizers[0], organizers[1], organizers[2]);

        var e1 = await App.CreateEventAsync(a.Token, capacity: 10, price: 20.00m, name: "Live one");
        var e2 = await App.CreateEventAsync(b.Token, capacity: 20, price: 15.50m, name: "Live two");
        var e3 = await App.CreateEventAsync(c.Token, capacity: 5, price: 100.00m, name: "Live three");
        var e4 = await App.CreateEventAsync(b.Token, capacity: 8, price: 10.00m, name: "Live four");
        var e5 = await App.CreateEventAsync(c.Token, capacity: 50, price: 12.00m, name: "Live five");
        Live = [e1, e2, e3, e4, e5];
        using var first = App.ClientWithToken(User);
        using var second = await App.UserClientAsync();
        await BookAsync(first, e1, 3);
        await BookAsync(second, e1, 2);
        var regret = await BookAsync(first, e1, 4);
        await BookAsync(first, e2, 5);
        await BookAsync(second, e2, 1);
        await BookAsync(second, e3, 5);
        await BookAsync(first, e4, 2);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync(new Uri($"/api/v1/bookings/{regret}/cancel", UriKind.Relative), null)).StatusCode);
        using var organizerB = App.ClientWithToken(b.Token);
        Assert.Equal(HttpStatusCode.OK, (await organizerB.PostAsync(new Uri($"/api/v1/events/{e4}/cancel", UriKind.Relative), null)).StatusCode);

        await InsertPastAsync(a.Id, b.Id, c.Id);
        Raw = await AnalyticsSql.ReadAllAsync(App.Shards);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>March 2025, UTC.</summary>
    public static DateTimeOffset March(int day, int hour = 0, int minute = 0, int second = 0) => new(2025, 3, day, hour, minute, second, TimeSpan.Zero);

    // P1 on a's shard, P2 on b's, P3 (cancelled) on c's. Seat equation: available = capacity - held - Σ confirmed.
    private async Task InsertPastAsync(Guid a, Guid b, Guid c)
    {
        var map = new ShardMap(App.Shards.Count);
        var (s1, s2, s3) = (App.Shards[map.ShardOfOrganizer(a)], App.Shards[map.ShardOfOrganizer(b)], App.Shards[map.ShardOfOrganizer(c)]);
        var p1 = Buckets.MintId(Buckets.ForOrganizer(a), March(1));
        var p2 = Buckets.MintId(Buckets.ForOrganizer(b), March(1));
        var p3 = Buckets.MintId(Buckets.ForOrganizer(c), March(1));
        Past = (p1, p2, p3);
        await AnalyticsSql.InsertEventAsync(s1, p1, a, "Past one", capacity: 40, available: 31, held: 0, price: 30.00m, status: "published");
        await AnalyticsSql.InsertEventAsync(s2, p2, b, "Past two", capacity: 30, available: 22, held: 2, price: 45.50m, status: "published");
        await AnalyticsSql.InsertEventAsync(s3, p3, c, "Past three", capacity: 10, available: 10, held: 0, price: 20.00m, status: "cancelled");

        await AnalyticsSql.InsertBookingAsync(s1, p1, March(1, 9), 2, 60.00m);
        await AnalyticsSql.InsertBookingAsync(s1, p1, March(1, 18, 30), 1, 30.00m, cancelled: March(2, 8));
        await AnalyticsSql.InsertBookingAsync(s1, p1, March(2, 12), 4, 120.00m);
        await AnalyticsSql.InsertBookingAsync(s1, p1, March(3, 23, 59, 59), 3, 90.00m);
        await AnalyticsSql.InsertBookingAsync(s1, p1, March(5, 10), 1, 30.00m, cancelled: March(5, 10, 30));
        await AnalyticsSql.InsertBookingAsync(s2, p2, March(1), 1, 45.50m);
        await AnalyticsSql.InsertBookingAsync(s2, p2, March(2, 6), 2, 91.00m, cancelled: March(4, 10));
        await AnalyticsSql.InsertBookingAsync(s2, p2, March(2, 20), 5, 227.50m);
        await AnalyticsSql.InsertBookingAsync(s3, p3, March(2, 10), 2, 40.00m, cancelled: March(2, 11));

        await AnalyticsSql.InsertWaitlistAsync(s1, p1, March(1, 10), "booked", 1);
        await AnalyticsSql.InsertWaitlistAsync(s2, p2, March(2, 10), "waiting", 1);
        await AnalyticsSql.InsertWaitlistAsync(s1, p1, March(2, 15), "expired", 2);
        await AnalyticsSql.InsertWaitlistAsync(s2, p2, March(3, 9), "booked", 2);
    }

    /// <summary>The seeded admin and two more admins, each organizer on a different shard.</summary>
    private async Task<List<(Guid Id, string Token)>> OrganizersOnDistinctShardsAsync()
    {
        var map = new ShardMap(App.Shards.Count);
        var organizers = new List<(Guid Id, string Token)> { (await MyIdAsync(Admin), Admin) };
        for (var attempt = 0; organizers.Count < 3 && attempt < 50; attempt++)
        {
            var email = $"organizer-{Guid.NewGuid():N}@example.com";
            var (id, _) = await App.RegisterAsync(email);
            if (organizers.Any(o => map.ShardOfOrganizer(o.Id) == map.ShardOfOrganizer(id)))
            {
                continue;
            }

            await TestPostgres.ExecuteAsync(App.Directory, $"UPDATE users SET role = 'admin', version = version + 1 WHERE id = '{id}'");
            organizers.Add((id, await App.LoginAsync(email, "Password-123")));
        }

        Assert.Equal(3, organizers.Select(o => map.ShardOfOrganizer(o.Id)).Distinct().Count());
        return organizers;
    }

    private async Task<Guid> MyIdAsync(string token)
    {
        using var client = App.ClientWithToken(token);
        return (await client.GetFromJsonAsync<JsonElement>("/api/v1/users/me")).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> BookAsync(HttpClient client, Guid eventId, int quantity)
    {
        var response = await client.BookAsync(eventId, quantity);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
