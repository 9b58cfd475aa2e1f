using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using Evently.IntegrationTests.SaleDay;

namespace Evently.IntegrationTests.Http;

/// <summary>
/// Joins are written in batches shared with other users' requests, and PostgreSQL refuses a NUL in text: one user's
/// bad webhook URL must be refused on its own (400) and never fail the batch of the ordinary joins beside it.
/// </summary>
public sealed class SharedBatchTextTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private const int EachKind = 12;
    private const string NulUrl = "https://example.com/\u0000x";

    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_NUL_webhook_url_fails_only_its_own_waitlist_join()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 1);
        using (var buyer = await App.UserClientAsync())
        {
            Assert.Equal(HttpStatusCode.Created, (await buyer.BookAsync(eventId, 1)).StatusCode);
        }

        var path = $"/api/v1/events/{eventId}/waitlist";
        var (ordinary, bad) = await JoinSideBySideAsync(path, url => new { quantity = 1, notificationPreferences = new { inApp = true, webhookUrl = url } });

        Assert.True(ordinary.All(s => s == HttpStatusCode.Created) && bad.All(b => b.Status == HttpStatusCode.BadRequest),
            $"ordinary joins: {Tally(ordinary)}; NUL joins: {Tally(bad.Select(b => b.Status))}");
        Assert.All(bad, b => Assert.Equal("validation_failed", b.Code));
        Assert.All(bad, b => Assert.True(b.NamesWebhookUrl));

        // The event keeps working: one more join is in line behind the twelve, reads answer, the ledger holds.
        using var late = await App.UserClientAsync();
        var joined = await late.PostAsJsonAsync(path, new { quantity = 1, notificationPreferences = new { inApp = true, webhookUrl = "https://example.com/hook" } });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        Assert.Equal(EachKind + 1, (await joined.JsonAsync()).GetProperty("position").GetInt32());
        using var admin = App.ClientWithToken(fixture.Admin);
        var list = await (await admin.GetAsync(new Uri($"/api/v1/admin/events/{eventId}/waitlist", UriKind.Relative))).JsonAsync();
        Assert.Equal(EachKind + 1, list.GetProperty("totalCount").GetInt32());
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task A_NUL_webhook_url_fails_only_its_own_waiting_room_join()
    {
        var created = await App.CreateSaleAsync(fixture.Admin, new
        {
            salesStartAt = DateTimeOffset.UtcNow.AddMinutes(10),
            waitingRoom = new { admitPerMinute = 60, opensMinutesBefore = 30 },
        });
        var eventId = created.GetProperty("id").GetGuid();
        var path = $"/api/v1/events/{eventId}/queue";
        var (ordinary, bad) = await JoinSideBySideAsync(path, url => new { notificationPreferences = new { inApp = true, webhookUrl = url } });

        Assert.True(ordinary.All(s => s == HttpStatusCode.Created) && bad.All(b => b.Status == HttpStatusCode.BadRequest),
            $"ordinary joins: {Tally(ordinary)}; NUL joins: {Tally(bad.Select(b => b.Status))}");
        Assert.All(bad, b => Assert.Equal("validation_failed", b.Code));
        Assert.All(bad, b => Assert.True(b.NamesWebhookUrl));

        // The room keeps working: a later join is taken and the earlier ones are still in it.
        using var late = await App.UserClientAsync();
        var joined = await late.PostAsJsonAsync(path, new { notificationPreferences = new { inApp = true, webhookUrl = "https://example.com/hook" } });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await late.GetAsync(new Uri($"{path}/me", UriKind.Relative))).StatusCode);
    }

    /// <summary>Sends <see cref="EachKind"/> ordinary joins and as many with a NUL webhook URL, all at once, interleaved.</summary>
    private async Task<(HttpStatusCode[] Ordinary, BadJoin[] Bad)> JoinSideBySideAsync(string path, Func<string, object> body)
    {
        var users = await App.RegisterManyAsync(2 * EachKind);
        var clients = users.Select(u => App.ClientWithToken(u.Token)).ToArray();
        try
        {
            using var start = new SemaphoreSlim(0);
            var sends = clients.Select(async (client, i) =>
            {
                await start.WaitAsync();
                return await client.PostAsJsonAsync(path, body(i % 2 == 0 ? $"https://example.com/hook/{i}" : NulUrl));
            }).ToArray();
            start.Release(sends.Length);
            var responses = await Task.WhenAll(sends);

            var ordinary = responses.Where((_, i) => i % 2 == 0).Select(r => r.StatusCode).ToArray();
            var bad = await Task.WhenAll(responses.Where((_, i) => i % 2 == 1).Select(async r =>
            {
                var json = await r.JsonAsync();
                var code = json.TryGetProperty("code", out var c) ? c.GetString() : null;
                var named = json.TryGetProperty("errors", out var errors) && errors.TryGetProperty("notificationPreferences.webhookUrl", out _);
                return new BadJoin(r.StatusCode, code, named);
            }));
            return (ordinary, bad);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static string Tally(IEnumerable<HttpStatusCode> statuses) =>
        string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} × {(int)g.Key}"));

    private sealed record BadJoin(HttpStatusCode Status, string? Code, bool NamesWebhookUrl);
}
