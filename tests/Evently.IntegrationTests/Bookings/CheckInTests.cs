using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Bookings;

/// <summary>
/// Check-in at the door through HTTP and real PostgreSQL: of many doors scanning one ticket exactly one admits it, the
/// check-in is stored with the booking and outlives the grain, a checked-in booking is not refunded, and only confirmed
/// bookings of the event check in, from 24 hours before it.
/// </summary>
public sealed class CheckInTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    private static Task<HttpResponseMessage> ScanAsync(HttpClient client, Guid eventId, string bookingRef) =>
        client.PostAsJsonAsync($"/api/v1/events/{eventId}/check-ins", new { bookingRef });

    private async Task<(Guid EventId, HttpClient Owner, Guid BookingId, string BookingRef)> BookedAsync(DateTimeOffset? date = null)
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10, date: date ?? DateTimeOffset.UtcNow.AddHours(2));
        var owner = await App.UserClientAsync();
        var booked = await owner.BookAsync(eventId, 2);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var booking = await booked.JsonAsync();
        return (eventId, owner, booking.GetProperty("id").GetGuid(), booking.GetProperty("bookingRef").GetString()!);
    }

    [Fact]
    public async Task twenty_concurrent_scans_admit_once_and_the_check_in_outlives_the_grain()
    {
        var (eventId, owner, bookingId, bookingRef) = await BookedAsync();
        using var _ = owner;
        using var door = App.ClientWithToken(fixture.Admin);

        var scans = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ScanAsync(door, eventId, bookingRef)));

        var admitted = Assert.Single(scans, s => s.StatusCode == HttpStatusCode.Created);
        var body = await admitted.JsonAsync();
        Assert.Equal(bookingRef, body.GetProperty("bookingRef").GetString());
        Assert.Equal(2, body.GetProperty("quantity").GetInt32());
        Assert.False(body.TryGetProperty("seats", out var _));
        var checkedInAt = body.GetProperty("checkedInAt").GetDateTimeOffset();
        var refused = scans.Where(s => s != admitted).ToList();
        Assert.Equal(19, refused.Count);
        foreach (var scan in refused)
        {
            var problem = await scan.AssertProblemAsync(409, "already_checked_in");
            Assert.Equal(checkedInAt, problem.GetProperty("checkedInAt").GetDateTimeOffset());
        }

        var stored = await TestPostgres.ScalarAsync<DateTime>(App.ShardOf(eventId), "SELECT checked_in_at FROM bookings WHERE id = @id", ("id", bookingId));
        Assert.Equal(checkedInAt.UtcDateTime, stored, TimeSpan.FromMilliseconds(1));

        // A fresh activation reads the check-in from the booking's row.
        await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await (await ScanAsync(door, eventId, bookingRef.ToLowerInvariant())).AssertProblemAsync(409, "already_checked_in");
        Assert.Equal(checkedInAt, again.GetProperty("checkedInAt").GetDateTimeOffset());

        // No refund after entry: the owner's cancel is refused and the seats stay sold.
        var cancel = await owner.PostAsync(new Uri($"/api/v1/bookings/{bookingId}/cancel", UriKind.Relative), null);
        await cancel.AssertProblemAsync(409, "already_checked_in");
        Assert.Equal(2L, await App.SoldAsync(eventId));
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task only_a_confirmed_booking_of_the_event_checks_in_and_only_from_a_day_before()
    {
        var (eventId, owner, bookingId, bookingRef) = await BookedAsync();
        using var _ = owner;
        var (otherEvent, otherOwner, _, otherRef) = await BookedAsync();
        using var __ = otherOwner;
        using var door = App.ClientWithToken(fixture.Admin);

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync(new Uri($"/api/v1/bookings/{bookingId}/cancel", UriKind.Relative), null)).StatusCode);
        await (await ScanAsync(door, eventId, bookingRef)).AssertProblemAsync(404, "booking_not_found");
        await (await ScanAsync(door, eventId, otherRef)).AssertProblemAsync(404, "booking_not_found");
        await (await ScanAsync(door, eventId, "EV-0000000000")).AssertProblemAsync(404, "booking_not_found");
        await (await ScanAsync(door, eventId, "nonsense")).AssertProblemAsync(400, "validation_failed");
        await (await ScanAsync(door, Guid.NewGuid(), otherRef)).AssertProblemAsync(404, "event_not_found");
        await (await ScanAsync(otherOwner, otherEvent, otherRef)).AssertProblemAsync(403, "forbidden");

        var (later, laterOwner, _, laterRef) = await BookedAsync(DateTimeOffset.UtcNow.AddDays(3));
        using var ___ = laterOwner;
        await (await ScanAsync(door, later, laterRef)).AssertProblemAsync(409, "check_in_not_open");

        Assert.Equal(HttpStatusCode.Created, (await ScanAsync(door, otherEvent, otherRef)).StatusCode);
    }
}
