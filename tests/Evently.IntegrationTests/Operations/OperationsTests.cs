using System.Net;
using System.Text;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

public sealed class OperationsTests
{
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Audit_reports_healthy_shards_and_names_a_broken_seat_equation()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        using var client = app.ClientWithToken(admin);
        var eventId = await app.CreateEventAsync(admin, capacity: 10);
        using var user = await app.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 2)).StatusCode);

        var healthy = await (await client.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative))).JsonAsync();
        foreach (var shard in app.Shards)
        {
            // Corrupt the row behind the grain's back, as a bad manual fix would.
            await TestPostgres.ExecuteAsync(shard, $"UPDATE events SET available_seats = 9 WHERE id = '{eventId}'");
        }

        var broken = await (await client.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative))).JsonAsync();
        var asUser = await user.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative));

        Assert.True(healthy.GetProperty("healthy").GetBoolean());
        Assert.Equal(4, healthy.GetProperty("shards").GetArrayLength());
        Assert.False(broken.GetProperty("healthy").GetBoolean());
        var finding = broken.GetProperty("shards").EnumerateArray().SelectMany(s => s.GetProperty("findings").EnumerateArray()).Single();
        Assert.Equal("seat_equation", finding.GetProperty("check").GetString());
        Assert.Equal(eventId, finding.GetProperty("eventId").GetGuid());
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
    }

    [Fact]
    public async Task Huge_bodies_are_refused_with_413_and_responses_carry_security_headers()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        using var client = app.ClientWithToken(admin);
        var body = "{\"name\":\"" + new string('x', 100_000) + "\"}";

        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri("/api/v1/events", UriKind.Relative), content);
        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await response.CodeAsync());
        Assert.Equal("nosniff", live.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", live.Headers.GetValues("X-Frame-Options").Single());
    }
}
