using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Contracts.Waitlists;
using Evently.IntegrationTests.Infrastructure;
using Orleans.Runtime;
using Evently.Domain.Waitlists;
using Evently.Domain.Events;
using Evently.Domain.Bookings;

namespace Evently.IntegrationTests.Http;

/// <summary>
/// Through the real host: a change whose outcome the front end could not learn is a <c>504 outcome_unknown</c>,
/// never a <c>503</c>; a read that timed out stays a <c>503</c>.
/// </summary>
public sealed class OutcomeUnknownTests(ScriptedAppFixture fixture) : IClassFixture<ScriptedAppFixture>, IDisposable
{
    private readonly EventlyApp _app = fixture.App;
    private readonly ScriptedEventGrains _grains = fixture.Grains;

    [Fact]
    public async Task A_booking_whose_grain_call_timed_out_is_a_504_and_a_read_that_timed_out_a_503()
    {
        var eventId = await _app.CreateEventAsync(fixture.Admin, capacity: 5);
        _grains.Answer(nameof(IEventGrain.BookAsync), () => Task.FromException<BookingResult>(new TimeoutException("Response did not arrive on time")));
        _grains.Answer(nameof(IEventGrain.GetAsync), () => Task.FromException<EventSnapshot?>(new TimeoutException("Response did not arrive on time")));
        using var user = _app.ClientWithToken(fixture.User);

        var write = await user.BookAsync(eventId, 1, idempotencyKey: "timeout-1");
        var read = await user.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.GatewayTimeout, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        var problem = await write.JsonAsync();
        Assert.Equal("outcome_unknown", problem.GetProperty("code").GetString());
        Assert.Contains("may or may not have happened", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal("unavailable", await read.CodeAsync());
        Assert.True(read.Headers.Contains("Retry-After"));
    }

    [Theory]
    [InlineData("silo-unavailable", HttpStatusCode.GatewayTimeout, "outcome_unknown")]
    [InlineData("rejected", HttpStatusCode.ServiceUnavailable, "unavailable")]
    [InlineData("gateway-too-busy", HttpStatusCode.ServiceUnavailable, "unavailable")]
    public async Task A_write_is_a_503_only_when_the_message_certainly_never_reached_the_grain(string failure, HttpStatusCode status, string code)
    {
        var eventId = await _app.CreateEventAsync(fixture.Admin, capacity: 5);
        Exception exception = failure switch
        {
            // The call may have run on the silo that died.
            "silo-unavailable" => new SiloUnavailableException("The target silo became unavailable for message"),
            "rejected" => (Exception)Activator.CreateInstance(typeof(OrleansMessageRejectionException), BindingFlags.NonPublic | BindingFlags.Instance, null, ["rejected"], null)!,
            _ => new GatewayTooBusyException(),
        };
        _grains.Answer(nameof(IEventGrain.BookAsync), () => Task.FromException<BookingResult>(exception));
        using var user = _app.ClientWithToken(fixture.User);

        var response = await user.BookAsync(eventId, 1);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await response.CodeAsync());
    }

    [Fact]
    public async Task Every_change_whose_acknowledgement_was_lost_answers_504_outcome_unknown()
    {
        var eventId = await _app.CreateEventAsync(fixture.Admin, capacity: 5);
        using var admin = _app.ClientWithToken(fixture.Admin);
        using var user = _app.ClientWithToken(fixture.User);
        var booking = (await (await user.BookAsync(eventId, 1)).JsonAsync()).GetProperty("id").GetGuid();
        _grains.Answer(nameof(IEventGrain.CreateAsync), () => Task.FromResult(EventResult.Of(EventOutcome.OutcomeUnknown)));
        _grains.Answer(nameof(IEventGrain.BookAsync), () => Task.FromResult(BookingResult.Of(BookingOutcome.OutcomeUnknown)));
        _grains.Answer(nameof(IEventGrain.CancelBookingAsync), () => Task.FromResult(BookingResult.Of(BookingOutcome.OutcomeUnknown)));
        _grains.Answer(nameof(IEventGrain.UpdateAsync), () => Task.FromResult(EventResult.Of(EventOutcome.OutcomeUnknown)));
        _grains.Answer(nameof(IEventGrain.CancelAsync), () => Task.FromResult(EventResult.Of(EventOutcome.OutcomeUnknown)));
        _grains.Answer(nameof(IEventGrain.SetPriceAsync), () => Task.FromResult(EventResult.Of(EventOutcome.OutcomeUnknown)));
        _grains.Answer(nameof(IEventGrain.JoinWaitlistAsync), () => Task.FromResult(WaitlistResult.Of(WaitlistOutcome.OutcomeUnknown)));
        _grains.Answer(nameof(IEventGrain.LeaveWaitlistAsync), () => Task.FromResult(WaitlistResult.Of(WaitlistOutcome.OutcomeUnknown)));

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["create event"] = await admin.PostAsJsonAsync("/api/v1/events", new
            {
                name = "Lost ack", description = "", venue = "v", eventDate = DateTimeOffset.UtcNow.AddDays(3), totalCapacity = 5, price = 10m,
            }),
            ["book"] = await user.BookAsync(eventId, 1, idempotencyKey: "lost-ack"),
            ["cancel booking"] = await user.PostAsync(new Uri($"/api/v1/bookings/{booking}/cancel", UriKind.Relative), null),
            ["edit event"] = await admin.PatchAsJsonAsync($"/api/v1/events/{eventId}", new { name = "Renamed" }),
            ["cancel event"] = await admin.PostAsync(new Uri($"/api/v1/events/{eventId}/cancel", UriKind.Relative), null),
            ["set price"] = await admin.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 12m, reason = "test" }),
            ["join waitlist"] = await user.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 }),
            ["leave waitlist"] = await user.DeleteAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative)),
        };

        foreach (var (change, response) in answers)
        {
            Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout, $"{change}: {(int)response.StatusCode}");
            Assert.Equal("outcome_unknown", await response.CodeAsync());
        }
    }

    [Fact]
    public async Task The_OpenAPI_description_lists_504_on_every_change_and_not_on_reads()
    {
        using var client = _app.CreateClient();

        var paths = (await (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).JsonAsync()).GetProperty("paths");

        foreach (var (path, verb) in new[]
        {
            ("/api/v1/events", "post"), ("/api/v1/events/{id}", "patch"), ("/api/v1/events/{id}/cancel", "post"),
            ("/api/v1/events/{id}/price", "put"), ("/api/v1/events/{id}/bookings", "post"), ("/api/v1/bookings/{id}/cancel", "post"),
            ("/api/v1/events/{id}/waitlist", "post"), ("/api/v1/events/{id}/waitlist/me", "delete"),
        })
        {
            var responses = paths.GetProperty(path).GetProperty(verb).GetProperty("responses");
            Assert.True(responses.TryGetProperty("504", out var timeout), $"{verb} {path} does not document 504");
            Assert.Contains("outcome_unknown", timeout.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.True(responses.TryGetProperty("503", out _), $"{verb} {path} does not document 503");
        }

        Assert.False(paths.GetProperty("/api/v1/events/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("504", out JsonElement _));
        Assert.False(paths.GetProperty("/api/v1/bookings").GetProperty("get").GetProperty("responses").TryGetProperty("504", out JsonElement _));
    }

    /// <inheritdoc />
    public void Dispose() => _grains.Clear();
}
