using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Scenarios;

namespace Evently.IntegrationTests.LoadGeneration;

/// <summary>The door scenario end to end, the organizers the many-event scenarios spread over, and the clean-up at a run's end.</summary>
public sealed class DoorAndOrganizerTests
{
    [Fact]
    public async Task A_small_door_run_checks_every_booking_in_exactly_once_and_its_event_is_cancelled_afterwards()
    {
        await using var app = await EventlyApp.StartAsync(shards: 2);
        var target = await TargetAsync(app);

        var report = await Door.RunAsync(new DoorOptions { Target = target, Attendees = 60, Doors = 6, ScansPerBooking = 3, Users = 6 }, CancellationToken.None);

        var door = report.Door!;
        Assert.True(door.Passed, string.Join("; ", door.Problems));
        Assert.Equal((60, 60L, 120L, 0L), (door.CheckedInOnce, door.CheckedIn, door.AlreadyCheckedIn, report.Errors));
        Assert.Equal(180, report.Attempts);
        Assert.True(report.DatabaseCheck is { Passed: true }, string.Join("; ", report.DatabaseCheck?.Problems ?? []));
        Assert.True(door.ScansPerSecond > 0 && report.Latency.P99Ms > 0);

        // The rehearsal leaves nothing on sale: the event it created is cancelled, so browse no longer lists it.
        Assert.Equal(1, target.CreatedEvents.Count);
        var failed = await EventCleanup.CancelAllAsync(new EventlyApi(target.HttpClient!, target.HttpClient!.BaseAddress!), target, target.CreatedEvents, null, CancellationToken.None);
        Assert.Equal(0, failed);
        using var anonymous = app.CreateClient();
        var read = await (await anonymous.GetAsync($"/api/v1/events/{report.EventId}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Mixed_spreads_its_events_round_robin_over_organizer_accounts_on_every_shard()
    {
        await using var app = await EventlyApp.StartAsync(shards: 2);
        var target = await TargetAsync(app);

        var report = await Mixed.RunAsync(new MixedOptions
        {
            Target = target,
            Events = 32,
            Organizers = 16,
            EventSeats = 20,
            HotShare = 0,
            Clients = 2,
            Users = 2,
            Duration = TimeSpan.FromSeconds(1),
        }, CancellationToken.None);

        Assert.True(report.DatabaseCheck is { Passed: true }, string.Join("; ", report.DatabaseCheck?.Problems ?? []));
        using var admin = app.ClientWithToken(await app.AdminTokenAsync());
        var organizers = new Dictionary<Guid, int>();
        foreach (var id in target.CreatedEvents.TakeAll())
        {
            var organizer = (await (await admin.GetAsync($"/api/v1/events/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("organizerId").GetGuid();
            organizers[organizer] = organizers.GetValueOrDefault(organizer) + 1;
        }

        Assert.Equal(16, organizers.Count);
        Assert.All(organizers.Values, n => Assert.Equal(2, n));
        var roles = new List<string>();
        foreach (var organizer in organizers.Keys)
        {
            var user = await admin.GetAsync($"/api/v1/admin/users/{organizer}");
            Assert.Equal(HttpStatusCode.OK, user.StatusCode);
            roles.Add((await user.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString()!);
        }

        // The admin and 15 accounts granted the organizer role (not made admins: a load test needs no more rights than an organizer's).
        Assert.Equal(["admin", .. Enumerable.Repeat("organizer", 15)], roles.Order(StringComparer.Ordinal));
        // 16 organizers all hashing to one of 2 shards would happen about once in 30,000 runs.
        Assert.Equal(2, organizers.Keys.Select(app.ShardIndexOf).Distinct().Count());
    }

    /// <summary>The generator's view of <paramref name="app"/>: its admin, and every shard database of its server for the check.</summary>
    private static async Task<EventlyTarget> TargetAsync(EventlyApp app) => new()
    {
        HttpClient = app.CreateClient(),
        AdminEmail = EventlyApp.AdminEmail,
        AdminPassword = EventlyApp.AdminPassword,
        DatabaseConnectionString = (await TestPostgres.GetAsync()).ConnectionString("postgres"),
        ShardDatabasePattern = new Npgsql.NpgsqlConnectionStringBuilder(app.Shards[0]).Database!.Replace("_shard_0", "_shard_%", StringComparison.Ordinal),
        SetupParallelism = 4,
    };
}
