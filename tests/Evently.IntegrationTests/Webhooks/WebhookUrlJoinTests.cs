using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>Webhook URLs with special-address literals are refused when a user joins a waitlist.</summary>
[Trait("Category", "Reliability")]
public sealed class WebhookUrlJoinTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    [Theory]
    [InlineData("http://[64:ff9b::7f00:1]/hook")]
    [InlineData("http://[2002:7f00:1::1]/hook")]
    [InlineData("http://198.18.0.1/hook")]
    [InlineData("http://224.0.0.1/hook")]
    [InlineData("http://255.255.255.255/hook")]
    [InlineData("http://[ff02::1]/hook")]
    [InlineData("http://127.0.0.1/hook")]
    public async Task Joining_a_waitlist_with_a_special_address_webhook_is_refused(string url)
    {
        var (eventId, _) = await WebhookScenario.WaitlistedAsync(fixture.App, fixture.Admin);
        using var client = await fixture.App.UserClientAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { notificationPreferences = new { webhookUrl = url } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await response.CodeAsync());
    }
}
