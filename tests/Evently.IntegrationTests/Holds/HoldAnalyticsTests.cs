using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Holds;

/// <summary>
/// The analytics summary's hold figures, exact across shards. In a class of its own, with its own database: the summary
/// counts every hold created in its window, so no other test's holds may fall in it.
/// </summary>
public sealed class HoldAnalyticsTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task The_summary_counts_holds_exactly_across_shards()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var admin = App.ClientWithToken(fixture.Admin);
        var first = (await (await admin.PostAsJsonAsync("/api/v1/events", HoldApiTests.EventBody(10, 10m, null))).JsonAsync()).GetProperty("id").GetGuid();
        var firstShard = App.ShardOf(first);

        // Events live on their organizer's shard: another admin whose events land elsewhere.
        Guid second = Guid.Empty;
        for (var attempt = 0; attempt < 20 && second == Guid.Empty; attempt++)
        {
            var email = $"organizer-{Guid.NewGuid():N}@example.com";
            var (otherAdminId, _) = await App.RegisterAsync(email);
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{otherAdminId}", new { role = "admin" })).StatusCode);
            var token = await App.LoginAsync(email, "Password-123");
            using var otherAdmin = App.ClientWithToken(token);
            var candidate = (await (await otherAdmin.PostAsJsonAsync("/api/v1/events", HoldApiTests.EventBody(10, 10m, null))).JsonAsync()).GetProperty("id").GetGuid();
            if (App.ShardOf(candidate) != firstShard)
            {
                second = candidate;
            }
        }

        Assert.NotEqual(Guid.Empty, second);
        using var buyer = await App.UserClientAsync();
        var a1 = await buyer.HoldIdAsync(first, 1);
        var a2 = await buyer.HoldIdAsync(first, 2);
        _ = await buyer.HoldIdAsync(first, 1);
        var b1 = await buyer.HoldIdAsync(second, 3);
        _ = await buyer.HoldIdAsync(second, 1);
        Assert.Equal(HttpStatusCode.Created, (await buyer.ConfirmAsync(a1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await buyer.ConfirmAsync(b1)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await buyer.ReleaseAsync(a2)).StatusCode);

        var summary = await (await admin.GetAsync(new Uri($"/api/v1/admin/analytics/summary?from={Uri.EscapeDataString(from.ToString("O"))}", UriKind.Relative))).JsonAsync();

        Assert.Equal(5, summary.GetProperty("holdsCreated").GetInt64());
        Assert.Equal(2, summary.GetProperty("holdsConfirmed").GetInt64());
        Assert.Equal(0, summary.GetProperty("holdsExpired").GetInt64());
        Assert.Equal(0.4, summary.GetProperty("holdConversionRate").GetDouble());
        await App.AssertInvariantsAsync();
    }
}
