using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

/// <summary>The auditor's promotion checks: healthy after a real promotion, and each one names its corruption.</summary>
public sealed class PromotionAuditTests
{
    [Fact]
    public async Task A_real_promotion_audits_healthy_and_each_corruption_is_named_by_its_check()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var eventId = await app.CreateEventAsync(admin, capacity: 2);
        var (holderId, holderToken) = await app.RegisterAsync();
        using var buyer = await app.UserClientAsync();
        using var holder = app.ClientWithToken(holderToken);
        var booking = (await (await buyer.BookAsync(eventId, 2)).JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await holder.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsync(new Uri($"/api/v1/bookings/{booking}/cancel", UriKind.Relative), null)).StatusCode);
        var shardIndex = app.ShardIndexOf(eventId);
        var shard = app.Shards[shardIndex];
        var entry = await TestPostgres.ScalarAsync<Guid>(shard, "SELECT id FROM waitlists WHERE user_id = @u AND status = 'promoted'", ("u", holderId));
        // Orleans writes the reminder after the promotion commits: wait for it, and pin the grain id format the auditor reads.
        var grainId = $"event/{eventId:N}";
        await Poll.AssertAsync(async () => await TestPostgres.ScalarAsync<long>(app.Directory,
            "SELECT count(*) FROM orleansreminderstable WHERE grainid = @g AND remindername = 'promotion-expiry'", ("g", grainId)) == 1, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));

        var healthy = await AuditAsync(adminClient);

        await TestPostgres.ExecuteAsync(shard, $"UPDATE events SET held_seats = held_seats + 1, available_seats = available_seats - 1 WHERE id = '{eventId}'");
        var heldOffByOne = await AuditAsync(adminClient);
        await TestPostgres.ExecuteAsync(shard, $"UPDATE events SET held_seats = held_seats - 1, available_seats = available_seats + 1 WHERE id = '{eventId}'");

        await TestPostgres.ExecuteAsync(shard, $"UPDATE waitlists SET status = 'waiting' WHERE id = '{entry}'");
        var promotionOfWaitingEntry = await AuditAsync(adminClient);
        await TestPostgres.ExecuteAsync(shard, $"UPDATE waitlists SET status = 'promoted' WHERE id = '{entry}'");

        await TestPostgres.ExecuteAsync(shard, $"UPDATE waitlist_promotions SET status = 'released' WHERE waitlist_id = '{entry}'");
        var promotedEntryWithoutPromotion = await AuditAsync(adminClient);
        await TestPostgres.ExecuteAsync(shard, $"UPDATE waitlist_promotions SET status = 'active' WHERE waitlist_id = '{entry}'");

        await TestPostgres.ExecuteAsync(shard, $"UPDATE waitlist_promotions SET expires_at = expires_at - interval '1 day' WHERE waitlist_id = '{entry}'");
        var overdue = await AuditAsync(adminClient);
        await TestPostgres.ExecuteAsync(shard, $"UPDATE waitlist_promotions SET expires_at = expires_at + interval '1 day' WHERE waitlist_id = '{entry}'");
        var restored = await AuditAsync(adminClient);

        await TestPostgres.ExecuteAsync(app.Directory, $"DELETE FROM orleansreminderstable WHERE grainid = '{grainId}'");
        var reminderGone = await AuditAsync(adminClient);

        Assert.Empty(healthy);
        Assert.Empty(restored);
        AssertFindings(heldOffByOne, shardIndex, eventId, ("held_seats", "held 2 <> 1 seats of active promotions"));
        AssertFindings(promotionOfWaitingEntry, shardIndex, eventId, ("promotion_per_promoted_entry", "belongs to a waiting waitlist entry"));
        AssertFindings(promotedEntryWithoutPromotion, shardIndex, eventId,
            ("held_seats", "held 1 <> 0 seats of active promotions"), ("promotion_per_promoted_entry", $"promoted waitlist entry {entry} has 0 active promotions"));
        // A day in the past: overdue, and the reminder (due at the original deadline) would come too late.
        AssertFindings(overdue, shardIndex, eventId, ("promotion_overdue", "is still active"), ("promotion_reminder", "after the earliest promotion expiry"));
        AssertFindings(reminderGone, shardIndex, eventId, ("promotion_reminder", "has no promotion-expiry reminder"));
    }

    private static void AssertFindings(List<Finding> findings, int shard, Guid eventId, params (string Check, string Detail)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Check).Order(StringComparer.Ordinal), findings.Select(f => f.Check).Order(StringComparer.Ordinal));
        foreach (var (check, detail) in expected)
        {
            var finding = findings.Single(f => f.Check == check);
            Assert.Equal((shard, eventId), (finding.Shard, finding.EventId));
            Assert.Contains(detail, finding.Detail, StringComparison.Ordinal);
        }
    }

    private static async Task<List<Finding>> AuditAsync(HttpClient admin)
    {
        var response = await admin.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var findings = body.GetProperty("shards").EnumerateArray()
            .SelectMany(s => s.GetProperty("findings").EnumerateArray().Select(f => new Finding(
                s.GetProperty("shard").GetInt32(), f.GetProperty("check").GetString()!, f.GetProperty("eventId").GetGuid(), f.GetProperty("detail").GetString()!)))
            .ToList();
        Assert.Equal(findings.Count == 0, body.GetProperty("healthy").GetBoolean());
        return findings;
    }

    private sealed record Finding(int Shard, string Check, Guid EventId, string Detail);
}
