using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Api.Bookings;
using Evently.Api.Seating;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Http;

/// <summary>
/// Every text field the API stores refuses control characters at the edge with a 400 naming the field: PostgreSQL
/// cannot store U+0000, and no field means the others (a description may hold line breaks and tabs, never a NUL).
/// </summary>
public sealed class StoredTextValidationTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private const string Hook = "https://example.com/hook";

    private EventlyApp App => fixture.App;

    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in new[]
        {
            "register.email", "register.name", "login.email",
            "create.name", "create.description", "create.venue",
            "update.name", "update.description", "update.venue",
            "price.reason",
            "plan.section", "plan.row", "plan.category",
            "waitlist.webhookUrl", "queue.webhookUrl",
        })
        {
            data.Add(field, "\u0000");
            data.Add(field, "\u0007");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task A_stored_text_field_refuses_a_control_character(string field, string control)
    {
        var bad = $"x{control}y";
        var (client, method, path, body, named) = await RequestAsync(field, bad);
        using (client)
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var response = await client.SendAsync(request);

            var problem = await response.AssertProblemAsync(400, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty(named, out _), $"{named} not named in {problem}");
        }
    }

    [Fact]
    public async Task A_description_keeps_its_line_breaks_and_tabs()
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/events", EventBody(description: "Doors at 7.\r\n\tBar open."));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Doors at 7.\r\n\tBar open.", (await created.JsonAsync()).GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("key\u0000")]
    [InlineData("key\u0007")]
    public void An_idempotency_key_refuses_a_control_character(string key)
    {
        // HttpClient will not send a control character in a header, so the edge validator is called as the handler calls it.
        var (_, problem) = SeatsRequestValidator.Validate(new BookingBody(1), key, maxQuantity: 10);

        Assert.NotNull(problem);
        Assert.Equal(400, problem.StatusCode);
        Assert.Contains("Idempotency-Key", problem.ProblemDetails.Extensions["errors"] is IDictionary<string, string[]> errors ? errors.Keys : []);
    }

    private async Task<(HttpClient Client, HttpMethod Method, string Path, object Body, string Field)> RequestAsync(string field, string bad)
    {
        var admin = App.ClientWithToken(fixture.Admin);
        switch (field)
        {
            case "register.email":
                return (App.ClientWithToken(null), HttpMethod.Post, "/api/v1/auth/register", new { email = $"a{bad}@example.com", name = "N", password = "Password-123" }, "email");
            case "register.name":
                return (App.ClientWithToken(null), HttpMethod.Post, "/api/v1/auth/register", new { email = $"{Guid.NewGuid():N}@example.com", name = bad, password = "Password-123" }, "name");
            case "login.email":
                return (App.ClientWithToken(null), HttpMethod.Post, "/api/v1/auth/login", new { email = $"a{bad}@example.com", password = "Password-123" }, "email");
            case "create.name":
                return (admin, HttpMethod.Post, "/api/v1/events", EventBody(name: bad), "name");
            case "create.description":
                return (admin, HttpMethod.Post, "/api/v1/events", EventBody(description: bad), "description");
            case "create.venue":
                return (admin, HttpMethod.Post, "/api/v1/events", EventBody(venue: bad), "venue");
        }

        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 1);
        switch (field)
        {
            case "update.name":
                return (admin, HttpMethod.Patch, $"/api/v1/events/{eventId}", new { name = bad }, "name");
            case "update.description":
                return (admin, HttpMethod.Patch, $"/api/v1/events/{eventId}", new { description = bad }, "description");
            case "update.venue":
                return (admin, HttpMethod.Patch, $"/api/v1/events/{eventId}", new { venue = bad }, "venue");
            case "price.reason":
                return (admin, HttpMethod.Put, $"/api/v1/events/{eventId}/price", new { price = 12m, reason = bad }, "reason");
            case "plan.section":
                return (admin, HttpMethod.Put, $"/api/v1/events/{eventId}/seating-plan", Plan(section: bad), "sections[0].name");
            case "plan.row":
                return (admin, HttpMethod.Put, $"/api/v1/events/{eventId}/seating-plan", Plan(row: bad), "sections[0].rows[0].label");
            case "plan.category":
                return (admin, HttpMethod.Put, $"/api/v1/events/{eventId}/seating-plan", Plan(category: bad), "categories[0].name");
        }

        admin.Dispose();
        var user = await App.UserClientAsync();
        if (field == "waitlist.webhookUrl")
        {
            Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 1)).StatusCode);
            return (user, HttpMethod.Post, $"/api/v1/events/{eventId}/waitlist",
                new { quantity = 1, notificationPreferences = new { inApp = true, webhookUrl = Hook + bad } }, "notificationPreferences.webhookUrl");
        }

        var sale = await SaleDay.SaleApi.CreateSaleAsync(App, fixture.Admin, new
        {
            salesStartAt = DateTimeOffset.UtcNow.AddMinutes(10),
            waitingRoom = new { admitPerMinute = 60, opensMinutesBefore = 30 },
        });
        return (user, HttpMethod.Post, $"/api/v1/events/{sale.GetProperty("id").GetGuid()}/queue",
            new { notificationPreferences = new { inApp = true, webhookUrl = Hook + bad } }, "notificationPreferences.webhookUrl");
    }

    private static object EventBody(string name = "Gig", string description = "", string venue = "Hall") => new
    {
        name,
        description,
        venue,
        eventDate = DateTimeOffset.UtcNow.AddDays(30),
        totalCapacity = 10,
        price = 10m,
    };

    private static JsonElement Plan(string section = "A", string row = "1", string category = "Stalls") =>
        JsonSerializer.SerializeToElement(new
        {
            sections = new[] { new { name = section, rows = new[] { new { label = row, seats = 2, categories = new[] { category, category } } } } },
            categories = new[] { new { name = category, price = 10m } },
        });
}
