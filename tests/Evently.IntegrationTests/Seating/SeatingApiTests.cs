using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Holds;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Seating;

/// <summary>Every status and code of reserved seating (API 1.2), through the real host and PostgreSQL.</summary>
public sealed class SeatingApiTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private static readonly object Plan = new
    {
        sections = new object[]
        {
            new { name = "A", rows = new object[] { new { label = "1", seats = 4 }, new { label = "2", seats = 4 } } },
            new { name = "B", rows = new object[] { new { label = "1", seats = 2, categories = new[] { "vip", "std" } } } },
        },
        categories = new object[] { new { name = "vip", price = 90m }, new { name = "std", price = 30m } },
    };

    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_plan_sets_the_capacity_and_is_served_with_its_seat_map_to_anyone()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3, price: 20m);
        using var admin = App.ClientWithToken(fixture.Admin);
        using var anonymous = App.ClientWithToken(null);

        var put = await admin.PutPlanAsync(eventId, Plan);
        var plan = await anonymous.GetAsync(new Uri($"/api/v1/events/{eventId}/seating-plan", UriKind.Relative));
        var seats = await anonymous.SeatMapAsync(eventId);
        var sectionB = await anonymous.SeatMapAsync(eventId, "B");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var ev = await put.JsonAsync();
        Assert.Equal(10, ev.GetProperty("totalCapacity").GetInt32());
        Assert.Equal(10, ev.GetProperty("availableSeats").GetInt32());
        Assert.NotNull(put.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var planJson = await plan.JsonAsync();
        Assert.Equal(["A", "B"], planJson.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["vip", "std"], planJson.GetProperty("sections")[1].GetProperty("rows")[0].GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "aaaa", ["A-2"] = "aaaa", ["B-1"] = "aa" }, seats);
        Assert.Equal(new Dictionary<string, string> { ["B-1"] = "aa" }, sectionB);
        var shard = App.ShardOf(eventId);
        Assert.Equal(10, await TestPostgres.ScalarAsync<int>(shard, "SELECT seat_count FROM seating_plans WHERE event_id = @e", ("e", eventId)));

        // A plan may be replaced while nothing is sold or held.
        var smaller = await admin.PutPlanAsync(eventId, new { sections = new[] { new { name = "Floor", rows = new[] { new { label = "1", seats = 5 } } } } });
        Assert.Equal(HttpStatusCode.OK, smaller.StatusCode);
        Assert.Equal(5, (await smaller.JsonAsync()).GetProperty("totalCapacity").GetInt32());
        Assert.Equal(new Dictionary<string, string> { ["Floor-1"] = "aaaaa" }, await anonymous.SeatMapAsync(eventId));
    }

    [Theory]
    [InlineData("{}", "sections")]
    [InlineData("{\"sections\":[{\"name\":\"A-B\",\"rows\":[{\"label\":\"1\",\"seats\":2}]}]}", "sections[0].name")]
    [InlineData("{\"sections\":[{\"name\":\"A\",\"rows\":[{\"label\":\"1\",\"seats\":2}]},{\"name\":\"A\",\"rows\":[{\"label\":\"1\",\"seats\":2}]}]}", "sections[1].name")]
    [InlineData("{\"sections\":[{\"name\":\"A\",\"rows\":[{\"label\":\"1\",\"seats\":0}]}]}", "sections[0].rows[0].seats")]
    [InlineData("{\"sections\":[{\"name\":\"A\",\"rows\":[{\"label\":\"1\",\"seats\":2,\"categories\":[\"x\",\"y\"]}]}],\"categories\":[{\"name\":\"x\",\"price\":1}]}", "sections[0].rows[0].categories")]
    [InlineData("{\"sections\":[{\"name\":\"A\",\"rows\":[{\"label\":\"1\",\"seats\":2}]}],\"categories\":[{\"name\":\"x\",\"price\":-1}]}", "categories[0].price")]
    [InlineData("{\"sections\":[{\"name\":\"A\",\"rows\":[{\"label\":\"1\",\"seats\":2}]]}", null)]
    public async Task Bad_plans_are_400_validation_failed_and_change_nothing(string body, string? field)
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var admin = App.ClientWithToken(fixture.Admin);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PutAsync(new Uri($"/api/v1/events/{eventId}/seating-plan", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await response.CodeAsync());
        if (field is not null)
        {
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        Assert.Equal((3, 0), await admin.SeatsAsync(eventId));
    }

    [Fact]
    public async Task Plans_past_100000_seats_are_refused_and_exactly_100000_are_taken()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var admin = App.ClientWithToken(fixture.Admin);
        object Rows(int count) => new { sections = new[] { new { name = "Arena", rows = Enumerable.Range(1, count).Select(i => new { label = $"{i}", seats = 1000 }).ToArray() } } };

        var tooBig = await admin.PutPlanAsync(eventId, Rows(101));
        var largest = await admin.PutPlanAsync(eventId, Rows(100));

        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal("validation_failed", await tooBig.CodeAsync());
        Assert.Equal(HttpStatusCode.OK, largest.StatusCode);
        Assert.Equal(100_000, (await largest.JsonAsync()).GetProperty("totalCapacity").GetInt32());
        using var user = await App.UserClientAsync();
        var booked = await user.BookSeatsAsync(eventId, new { seats = new[] { "Arena-100-1000" } });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(["Arena-100-1000"], (await booked.JsonAsync()).Seats());
        Assert.EndsWith("s", (await user.SeatMapAsync(eventId))["Arena-100"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_may_set_and_read_a_plan_and_when_it_is_refused()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        var generalAdmission = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var admin = App.ClientWithToken(fixture.Admin);
        using var anonymous = App.ClientWithToken(null);
        using var user = await App.UserClientAsync();

        var asAnonymous = await anonymous.PutPlanAsync(eventId, Plan);
        var asUser = await user.PutPlanAsync(eventId, Plan);
        var unknown = await admin.PutPlanAsync(Guid.CreateVersion7(), Plan);
        var noPlan = await anonymous.GetAsync(new Uri($"/api/v1/events/{generalAdmission}/seating-plan", UriKind.Relative));
        var noSeats = await anonymous.GetAsync(new Uri($"/api/v1/events/{generalAdmission}/seats", UriKind.Relative));
        var unknownPlan = await anonymous.GetAsync(new Uri($"/api/v1/events/{Guid.CreateVersion7()}/seating-plan", UriKind.Relative));
        var unknownSeats = await anonymous.GetAsync(new Uri($"/api/v1/events/{Guid.CreateVersion7()}/seats", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, Plan)).StatusCode);
        var unknownSection = await anonymous.GetAsync(new Uri($"/api/v1/events/{eventId}/seats?section=Z", UriKind.Relative));
        var capacityEdit = await admin.PatchAsJsonAsync($"/api/v1/events/{eventId}", new { totalCapacity = 20 });
        Assert.Equal(HttpStatusCode.Created, (await user.HoldSeatsAsync(eventId, new { quantity = 1 })).StatusCode);
        var afterHold = await admin.PutPlanAsync(eventId, Plan);

        Assert.Equal(HttpStatusCode.Unauthorized, asAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "event_not_found"), (unknown.StatusCode, await unknown.CodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (noPlan.StatusCode, await noPlan.CodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (noSeats.StatusCode, await noSeats.CodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, "event_not_found"), (unknownPlan.StatusCode, await unknownPlan.CodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, "event_not_found"), (unknownSeats.StatusCode, await unknownSeats.CodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (unknownSection.StatusCode, await unknownSection.CodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (capacityEdit.StatusCode, await capacityEdit.CodeAsync()));
        Assert.Equal((HttpStatusCode.Conflict, "seats_in_use"), (afterHold.StatusCode, await afterHold.CodeAsync()));
        Assert.Equal((9, 1), await admin.SeatsAsync(eventId));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/v1/events/{generalAdmission}/cancel", UriKind.Relative), null)).StatusCode);
        var cancelled = await admin.PutPlanAsync(generalAdmission, Plan);
        Assert.Equal((HttpStatusCode.Conflict, "event_not_bookable"), (cancelled.StatusCode, await cancelled.CodeAsync()));
    }

    [Fact]
    public async Task Specific_and_best_available_bookings_list_their_seats_and_nothing_partial_is_booked()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3, price: 20m);
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, Plan)).StatusCode);
        using var user = await App.UserClientAsync();

        var specific = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-2", "A-1-3" } });
        var overlapping = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-3", "A-1-4" } });
        var together = await user.BookSeatsAsync(eventId, new { quantity = 2, together = true });
        var vip = await user.BookSeatsAsync(eventId, new { quantity = 1, section = "B" });
        var unknownSeat = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-9-1" } });
        var unknownSection = await user.BookSeatsAsync(eventId, new { quantity = 1, section = "Z" });
        var twice = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-1", "A-1-1" } });
        var mismatch = await user.BookSeatsAsync(eventId, new { quantity = 3, seats = new[] { "A-1-1" } });
        var noRun = await user.BookSeatsAsync(eventId, new { quantity = 3, together = true, section = "A" });

        Assert.Equal(HttpStatusCode.Created, specific.StatusCode);
        var booking = await specific.JsonAsync();
        Assert.Equal(["A-1-2", "A-1-3"], booking.Seats());
        Assert.Equal(2, booking.GetProperty("quantity").GetInt32());
        Assert.Equal(40m, booking.GetProperty("totalAmount").GetDecimal());
        Assert.Equal((HttpStatusCode.Conflict, "seats_taken"), (overlapping.StatusCode, await overlapping.CodeAsync()));
        Assert.Equal(["A-1-3"], (await overlapping.JsonAsync()).Seats());
        Assert.Equal(HttpStatusCode.Created, together.StatusCode);
        Assert.Equal(["A-2-1", "A-2-2"], (await together.JsonAsync()).Seats());
        Assert.Equal(HttpStatusCode.Created, vip.StatusCode);
        var vipBooking = await vip.JsonAsync();
        Assert.Equal(["B-1-1"], vipBooking.Seats());
        Assert.Equal(90m, vipBooking.GetProperty("unitPrice").GetDecimal());
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (unknownSeat.StatusCode, await unknownSeat.CodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (unknownSection.StatusCode, await unknownSection.CodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (twice.StatusCode, await twice.CodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (mismatch.StatusCode, await mismatch.CodeAsync()));
        // Section A has four seats free, two at most next to each other.
        Assert.Equal((HttpStatusCode.Conflict, "no_adjacent_seats"), (noRun.StatusCode, await noRun.CodeAsync()));
        Assert.Equal(2, (await noRun.JsonAsync()).GetProperty("longestRun").GetInt32());
        // The loser of A-1-3 booked nothing: A-1-4 is still free.
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "assa", ["A-2"] = "ssaa", ["B-1"] = "sa" }, await user.SeatMapAsync(eventId));
        Assert.Equal((5, 0), await user.SeatsAsync(eventId));

        // Cancelling frees exactly the booking's seats.
        var bookingId = booking.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsync(new Uri($"/api/v1/bookings/{bookingId}/cancel", UriKind.Relative), null)).StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "aaaa", ["A-2"] = "ssaa", ["B-1"] = "sa" }, await user.SeatMapAsync(eventId));
        var shard = App.ShardOf(eventId);
        Assert.Equal(3L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM booking_seats WHERE event_id = @e", ("e", eventId)));
        await App.AssertSeatInvariantsAsync(admin);
    }

    [Fact]
    public async Task Seats_together_that_are_free_but_scattered_are_no_adjacent_seats_with_the_longest_run_not_sold_out()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3, price: 20m);
        using var admin = App.ClientWithToken(fixture.Admin);
        var plan = new { sections = new[] { new { name = "S", rows = new[] { new { label = "1", seats = 8 }, new { label = "2", seats = 8 } } } } };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, plan)).StatusCode);
        using var user = await App.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await user.BookSeatsAsync(eventId, new { seats = new[] { "S-1-5", "S-2-3", "S-2-7", "S-2-8" } })).StatusCode);

        // 12 free ("aaaasaaa", "aasaaass"), four at most together.
        var nine = await user.BookSeatsAsync(eventId, new { quantity = 9, together = true });
        var four = await user.BookSeatsAsync(eventId, new { quantity = 4, together = true });
        // 8 free ("sssssaaa", "aasaaass"), three at most together.
        var heldFour = await user.HoldSeatsAsync(eventId, new { quantity = 4, together = true });
        var nineOfEight = await user.BookSeatsAsync(eventId, new { quantity = 9, together = true });
        var heldThree = await user.HoldSeatsAsync(eventId, new { quantity = 3, together = true });

        Assert.Equal((HttpStatusCode.Conflict, "no_adjacent_seats"), (nine.StatusCode, await nine.CodeAsync()));
        Assert.Equal(4, (await nine.JsonAsync()).GetProperty("longestRun").GetInt32());
        Assert.Equal(HttpStatusCode.Created, four.StatusCode);
        Assert.Equal(["S-1-1", "S-1-2", "S-1-3", "S-1-4"], (await four.JsonAsync()).Seats());
        Assert.Equal((HttpStatusCode.Conflict, "no_adjacent_seats"), (heldFour.StatusCode, await heldFour.CodeAsync()));
        Assert.Equal(3, (await heldFour.JsonAsync()).GetProperty("longestRun").GetInt32());
        Assert.Equal((HttpStatusCode.Conflict, "sold_out"), (nineOfEight.StatusCode, await nineOfEight.CodeAsync()));
        Assert.Equal(8, (await nineOfEight.JsonAsync()).GetProperty("availableSeats").GetInt32());
        Assert.Equal(HttpStatusCode.Created, heldThree.StatusCode);
        Assert.Equal(["S-1-6", "S-1-7", "S-1-8"], (await heldThree.JsonAsync()).Seats());
        // The refusals took nothing.
        Assert.Equal(new Dictionary<string, string> { ["S-1"] = "ssssshhh", ["S-2"] = "aasaaass" }, await user.SeatMapAsync(eventId));
        await App.AssertSeatInvariantsAsync(admin);
    }

    [Fact]
    public async Task A_retry_with_the_key_is_the_original_only_for_the_same_seats_section_and_together_also_after_a_restart()
    {
        var email = $"retry-{Guid.NewGuid():N}@example.com";
        Guid eventId;
        Guid bookingId;
        Guid holdId;
        Dictionary<string, string?> sameDatabases;
        await using (var app = await EventlyApp.StartAsync())
        {
            var adminToken = await app.AdminTokenAsync();
            eventId = await app.CreateEventAsync(adminToken, capacity: 3, price: 20m);
            using var admin = app.ClientWithToken(adminToken);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, Plan)).StatusCode);
            var (_, token) = await app.RegisterAsync(email);
            using var user = app.ClientWithToken(token);

            var booked = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-1", "A-1-2" } }, "seats-key");
            var otherSeats = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-3", "A-1-4" } }, "seats-key");
            var bestAvailable = await user.BookSeatsAsync(eventId, new { quantity = 2, together = true }, "seats-key");
            var sameSeats = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-2", "A-1-1" } }, "seats-key");
            var held = await user.HoldSeatsAsync(eventId, new { quantity = 1, section = "B" }, "hold-key");
            var anySection = await user.HoldSeatsAsync(eventId, new { quantity = 1 }, "hold-key");
            var sameHold = await user.HoldSeatsAsync(eventId, new { quantity = 1, section = "B" }, "hold-key");

            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            bookingId = (await booked.JsonAsync()).GetProperty("id").GetGuid();
            Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (otherSeats.StatusCode, await otherSeats.CodeAsync()));
            Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (bestAvailable.StatusCode, await bestAvailable.CodeAsync()));
            Assert.Equal(HttpStatusCode.OK, sameSeats.StatusCode);
            Assert.Equal(bookingId, (await sameSeats.JsonAsync()).GetProperty("id").GetGuid());
            Assert.Equal(HttpStatusCode.Created, held.StatusCode);
            holdId = (await held.JsonAsync()).GetProperty("id").GetGuid();
            Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (anySection.StatusCode, await anySection.CodeAsync()));
            Assert.Equal(HttpStatusCode.OK, sameHold.StatusCode);
            Assert.Equal(holdId, (await sameHold.JsonAsync()).GetProperty("id").GetGuid());
            Assert.Equal(new Dictionary<string, string> { ["A-1"] = "ssaa", ["A-2"] = "aaaa", ["B-1"] = "ha" }, await user.SeatMapAsync(eventId));
            sameDatabases = new Dictionary<string, string?> { ["ConnectionStrings:Directory"] = app.Directory };
            for (var i = 0; i < app.Shards.Count; i++)
            {
                sameDatabases[$"ConnectionStrings:Shard{i}"] = app.Shards[i];
            }
        }

        // A new process on the same databases: the event grain reads the keys back from the rows and compares the same way.
        await using var restarted = await EventlyApp.StartAsync(sameDatabases);
        using var again = restarted.ClientWithToken(await restarted.LoginAsync(email, "Password-123"));
        var otherSeatsAfter = await again.BookSeatsAsync(eventId, new { seats = new[] { "A-1-3", "A-1-4" } }, "seats-key");
        var sameSeatsAfter = await again.BookSeatsAsync(eventId, new { seats = new[] { "A-1-1", "A-1-2" } }, "seats-key");
        var anySectionAfter = await again.HoldSeatsAsync(eventId, new { quantity = 1, together = true }, "hold-key");
        var sameHoldAfter = await again.HoldSeatsAsync(eventId, new { quantity = 1, section = "B" }, "hold-key");

        Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (otherSeatsAfter.StatusCode, await otherSeatsAfter.CodeAsync()));
        Assert.Equal(HttpStatusCode.OK, sameSeatsAfter.StatusCode);
        Assert.Equal(bookingId, (await sameSeatsAfter.JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal((HttpStatusCode.Conflict, "idempotency_key_reused"), (anySectionAfter.StatusCode, await anySectionAfter.CodeAsync()));
        Assert.Equal(HttpStatusCode.OK, sameHoldAfter.StatusCode);
        Assert.Equal(holdId, (await sameHoldAfter.JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "ssaa", ["A-2"] = "aaaa", ["B-1"] = "ha" }, await again.SeatMapAsync(eventId));
        await restarted.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Seats_on_a_general_admission_event_are_refused()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var user = await App.UserClientAsync();

        var named = await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-1" } });
        var section = await user.HoldSeatsAsync(eventId, new { quantity = 1, section = "A" });
        var plain = await user.BookSeatsAsync(eventId, new { quantity = 1 });

        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (named.StatusCode, await named.CodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (section.StatusCode, await section.CodeAsync()));
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        Assert.False((await plain.JsonAsync()).TryGetProperty("seats", out _));
    }

    [Fact]
    public async Task Holds_take_seats_confirming_keeps_them_and_releasing_frees_them()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3, price: 20m);
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, Plan)).StatusCode);
        using var user = await App.UserClientAsync();

        var held = await user.HoldSeatsAsync(eventId, new { seats = new[] { "B-1-1", "B-1-2" } }, "pay-1");
        var replay = await user.HoldSeatsAsync(eventId, new { seats = new[] { "B-1-1", "B-1-2" } }, "pay-1");
        var taken = await user.BookSeatsAsync(eventId, new { seats = new[] { "B-1-2" } });
        var other = await user.HoldSeatsAsync(eventId, new { quantity = 3 });

        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        var hold = await held.JsonAsync();
        Assert.Equal(["B-1-1", "B-1-2"], hold.Seats());
        Assert.Equal(60m, hold.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(120m, hold.GetProperty("totalAmount").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(hold.GetProperty("id").GetGuid(), (await replay.JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal((HttpStatusCode.Conflict, "seats_taken"), (taken.StatusCode, await taken.CodeAsync()));
        Assert.Equal(["B-1-2"], (await taken.JsonAsync()).Seats());
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3"], (await other.JsonAsync()).Seats());
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "hhha", ["A-2"] = "aaaa", ["B-1"] = "hh" }, await user.SeatMapAsync(eventId));
        Assert.Equal(["B-1-1", "B-1-2"], (await (await user.ReadHoldAsync(hold.GetProperty("id").GetGuid())).JsonAsync()).Seats());

        var confirmed = await user.ConfirmAsync(hold.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        Assert.Equal(["B-1-1", "B-1-2"], (await confirmed.JsonAsync()).Seats());
        Assert.Equal(HttpStatusCode.NoContent, (await user.ReleaseAsync((await other.JsonAsync()).GetProperty("id").GetGuid())).StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "aaaa", ["A-2"] = "aaaa", ["B-1"] = "ss" }, await user.SeatMapAsync(eventId));
        var shard = App.ShardOf(eventId);
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM held_seats WHERE event_id = @e", ("e", eventId)));
        Assert.Equal(2L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM booking_seats WHERE event_id = @e", ("e", eventId)));
        await App.AssertSeatInvariantsAsync(admin);
    }

    [Fact]
    public async Task A_waitlist_promotion_holds_best_available_seats_and_the_holder_books_them()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, new { sections = new[] { new { name = "A", rows = new[] { new { label = "1", seats = 3 } } } } })).StatusCode);
        using var buyer = await App.UserClientAsync();
        using var waiter = await App.UserClientAsync();
        var all = await (await buyer.BookSeatsAsync(eventId, new { quantity = 3 })).JsonAsync();
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 2 })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsync(new Uri($"/api/v1/bookings/{all.GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null)).StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "hha" }, await buyer.SeatMapAsync(eventId));
        // Nobody else may take the promoted seats.
        var stolen = await buyer.BookSeatsAsync(eventId, new { seats = new[] { "A-1-1" } });
        var booked = await waiter.BookSeatsAsync(eventId, new { quantity = 2 });

        Assert.Equal((HttpStatusCode.Conflict, "seats_taken"), (stolen.StatusCode, await stolen.CodeAsync()));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(["A-1-1", "A-1-2"], (await booked.JsonAsync()).Seats());
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "ssa" }, await buyer.SeatMapAsync(eventId));
        await App.AssertSeatInvariantsAsync(admin);
    }

    [Fact]
    public async Task Many_clients_racing_for_the_same_few_seats_each_seat_sold_once_and_the_losers_told_which_were_gone()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, new { sections = new[] { new { name = "A", rows = new[] { new { label = "1", seats = 6 } } } } })).StatusCode);
        var users = await App.RegisterManyAsync(40);
        var clients = users.Select(u => App.ClientWithToken(u.Token)).ToList();

        // Everyone wants two of the four best seats: pairs overlap, so most must lose.
        var wanted = Enumerable.Range(0, clients.Count).Select(i => new[] { $"A-1-{1 + i % 4}", $"A-1-{1 + (i + 1) % 4}" }).ToList();
        var responses = await Task.WhenAll(clients.Select((c, i) => c.BookSeatsAsync(eventId, new { seats = wanted[i] })));

        var won = new List<string>();
        var winners = 0;
        for (var i = 0; i < responses.Length; i++)
        {
            var json = await responses[i].JsonAsync();
            if (responses[i].StatusCode == HttpStatusCode.Created)
            {
                winners++;
                Assert.Equal(wanted[i], json.Seats());
                won.AddRange(json.Seats());
            }
            else
            {
                Assert.Equal((HttpStatusCode.Conflict, "seats_taken"), (responses[i].StatusCode, json.GetProperty("code").GetString()));
                Assert.NotEmpty(json.Seats());
                Assert.All(json.Seats(), seat => Assert.Contains(seat, wanted[i]));
            }
        }

        Assert.Equal(won.Count, won.Distinct().Count());
        Assert.InRange(winners, 1, 2);
        // Every seat a loser was told was gone is sold to a winner.
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.All((await response.JsonAsync()).Seats(), seat => Assert.Contains(seat, won));
        }

        var map = (await admin.SeatMapAsync(eventId))["A-1"];
        Assert.Equal(won.Count, map.Count(c => c == 's'));
        Assert.Equal("aa", map[4..]);
        var shard = App.ShardOf(eventId);
        Assert.Equal((long)won.Count, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(DISTINCT seat) FROM booking_seats WHERE event_id = @e", ("e", eventId)));
        await App.AssertSeatInvariantsAsync(admin);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task The_auditor_names_a_seat_sold_without_its_booking()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, Plan)).StatusCode);
        using var user = await App.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-1", "A-1-2" } })).StatusCode);
        await App.AssertSeatInvariantsAsync(admin);
        var shard = App.ShardOf(eventId);

        await TestPostgres.ExecuteAsync(shard, $"DELETE FROM booking_seats WHERE event_id = '{eventId}' AND seat = 1");
        var audit = await (await admin.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative))).JsonAsync();
        await TestPostgres.ExecuteAsync(shard, $"INSERT INTO booking_seats (event_id, seat, booking_id) SELECT event_id, 1, booking_id FROM booking_seats WHERE event_id = '{eventId}'");

        Assert.False(audit.GetProperty("healthy").GetBoolean());
        var checks = audit.GetProperty("shards").EnumerateArray().SelectMany(s => s.GetProperty("findings").EnumerateArray())
            .Where(f => f.GetProperty("eventId").GetGuid() == eventId).Select(f => f.GetProperty("check").GetString()).Order().ToList();
        Assert.Equal(["seat_counts", "sold_seat_booking"], checks);
        await App.AssertSeatInvariantsAsync(admin);
    }

    [Fact]
    public async Task Every_booking_answer_of_a_seated_event_lists_its_seats_and_general_admission_none()
    {
        var seated = await App.CreateEventAsync(fixture.Admin, capacity: 3, price: 20m);
        var floor = await App.CreateEventAsync(fixture.Admin, capacity: 3, price: 20m);
        var general = await App.CreateEventAsync(fixture.Admin, capacity: 3, price: 20m);
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(seated, Plan)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(floor, new { sections = new[] { new { name = "Floor", rows = new[] { new { label = "9", seats = 5 } } } } })).StatusCode);
        var (_, token) = await App.RegisterAsync();
        using var user = App.ClientWithToken(token);

        var booked = await user.BookSeatsAsync(seated, new { seats = new[] { "A-1-2", "A-2-3" } }, "seats-1");
        var replayed = await user.BookSeatsAsync(seated, new { seats = new[] { "A-1-2", "A-2-3" } }, "seats-1");
        var onFloor = await user.BookSeatsAsync(floor, new { quantity = 2 });
        var plain = await user.BookSeatsAsync(general, new { quantity = 1 });
        var hold = await (await user.HoldSeatsAsync(seated, new { seats = new[] { "B-1-2" } })).JsonAsync();
        var confirmed = await user.ConfirmAsync(hold.GetProperty("id").GetGuid());
        var confirmedAgain = await user.ConfirmAsync(hold.GetProperty("id").GetGuid());

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var booking = await booked.JsonAsync();
        var bookingId = booking.GetProperty("id").GetGuid();
        Assert.Equal(["A-1-2", "A-2-3"], booking.Seats());
        Assert.False(booking.TryGetProperty("idempotencyKey", out _));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(["A-1-2", "A-2-3"], (await replayed.JsonAsync()).Seats());
        Assert.Equal(["Floor-9-1", "Floor-9-2"], (await onFloor.JsonAsync()).Seats());
        Assert.False((await plain.JsonAsync()).TryGetProperty("seats", out _));
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        var fromHold = await confirmed.JsonAsync();
        Assert.Equal(["B-1-2"], fromHold.Seats());
        Assert.Equal(HttpStatusCode.OK, confirmedAgain.StatusCode);
        Assert.Equal(["B-1-2"], (await confirmedAgain.JsonAsync()).Seats());

        // Read back from the shards: one booking, and the user's list across events and plans.
        var read = await user.GetAsync(new Uri($"/api/v1/bookings/{bookingId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var readBooking = await read.JsonAsync();
        Assert.Equal(["A-1-2", "A-2-3"], readBooking.Seats());
        Assert.False(readBooking.TryGetProperty("idempotencyKey", out _));
        var readFromHold = await (await user.GetAsync(new Uri($"/api/v1/bookings/{fromHold.GetProperty("id").GetGuid()}", UriKind.Relative))).JsonAsync();
        Assert.Equal(["B-1-2"], readFromHold.Seats());
        var list = await user.GetAsync(new Uri("/api/v1/bookings?page=1&pageSize=100", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var items = (await list.JsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.TryGetProperty("seats", out var seats) ? seats.EnumerateArray().Select(s => s.GetString()!).ToList() : null);
        Assert.Equal(4, items.Count);
        Assert.Equal(["A-1-2", "A-2-3"], items[bookingId]);
        Assert.Equal(["B-1-2"], items[fromHold.GetProperty("id").GetGuid()]);
        Assert.Equal(["Floor-9-1", "Floor-9-2"], items[(await onFloor.JsonAsync()).GetProperty("id").GetGuid()]);
        Assert.Null(items[(await plain.JsonAsync()).GetProperty("id").GetGuid()]);

        // Cancelled, the booking's seats went back to the event: its answers list none.
        var cancelled = await user.PostAsync(new Uri($"/api/v1/bookings/{bookingId}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.False((await cancelled.JsonAsync()).TryGetProperty("seats", out _));
        var readCancelled = await (await user.GetAsync(new Uri($"/api/v1/bookings/{bookingId}", UriKind.Relative))).JsonAsync();
        Assert.Equal("cancelled", readCancelled.GetProperty("status").GetString());
        Assert.False(readCancelled.TryGetProperty("seats", out _));
        await App.AssertSeatInvariantsAsync(admin);
    }
}
