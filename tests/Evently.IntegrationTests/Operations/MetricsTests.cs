using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

public sealed class MetricsTests
{
    [Fact]
    public async Task Prometheus_endpoint_exposes_the_booking_metrics_after_a_booking_and_only_to_admins()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 1);
        using var user = await app.UserClientAsync();
        using var adminClient = app.ClientWithToken(admin);
        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await user.BookAsync(eventId, 1)).StatusCode);

        var metrics = await adminClient.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var asUser = await user.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("evently_bookings_confirmed", metrics, StringComparison.Ordinal);
        Assert.Contains("evently_bookings_sold_out", metrics, StringComparison.Ordinal);
        Assert.Contains("evently_batch_size", metrics, StringComparison.Ordinal);
        Assert.Contains("evently_batch_commit_duration", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
    }
}
