using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;
using static Evently.IntegrationTests.Analytics.AnalyticsFixture;

namespace Evently.IntegrationTests.Analytics;

/// <summary>
/// Every figure of every analytics endpoint against numbers worked out by hand for the March 2025 rows, and against
/// <see cref="ExpectedAnalytics"/> (LINQ over the raw rows of every shard) wherever today's API-made rows take part.
/// </summary>
public sealed class AnalyticsApiTests(AnalyticsFixture fixture) : IClassFixture<AnalyticsFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Summary_of_whole_days_counts_bookings_by_creation_and_capacity_of_open_events()
    {
        // 1–2 March: P1 b1 b2(cancelled) b3, P2 c1 c2(cancelled) c3, P3 d1(cancelled; event cancelled).
        Assert.Equal(new SummaryBody(7, 4, 3, 12, 453.00m, 0.4286, 0.1714, 3, 0.3333), await SummaryAsync(March(1), March(3)));
        // 1–5 March adds P1 b4 (3 seats) and b5 (cancelled), and P2's second waitlist join (booked). 15 / (40 + 30) seats.
        Assert.Equal(new SummaryBody(9, 5, 4, 15, 543.00m, 0.4444, 0.2143, 4, 0.5), await SummaryAsync(March(1), March(6)));
    }

    [Fact]
    public async Task Summary_of_a_window_cutting_through_days_counts_only_the_instants_inside()
    {
        // [1 Mar 08:00, 2 Mar 12:00): b1, b2, c2, d1 — not c1 (midnight), not b3 (exactly 12:00, excluded).
        Assert.Equal(new SummaryBody(4, 1, 3, 2, 60.00m, 0.75, 0.0286, 2, 0.5), await SummaryAsync(March(1, 8), March(2, 12)));
        // [2 Mar 07:00, 2 Mar 11:00), inside one day: only d1, whose event is cancelled, so no capacity counts.
        Assert.Equal(new SummaryBody(1, 0, 1, 0, 0m, 1, 0, 1, 0), await SummaryAsync(March(2, 7), March(2, 11)));
        // [3 Mar 23:59:59, 5 Mar 10:00): b4 exactly at the start is in, b5 exactly at the end is out.
        Assert.Equal(new SummaryBody(1, 1, 0, 3, 90.00m, 0, 0.075, 0, 0), await SummaryAsync(March(3, 23, 59, 59), March(5, 10)));
    }

    [Fact]
    public async Task Summary_of_empty_windows_is_all_zeros()
    {
        var zero = new SummaryBody(0, 0, 0, 0, 0m, 0, 0, 0, 0);

        Assert.Equal(zero, await SummaryAsync(March(1, 5), March(1, 5)));
        Assert.Equal(zero, await SummaryAsync(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("0.00", (await GetJsonAsync(Query("/summary", March(1, 5), March(1, 5)))).GetProperty("revenue").GetRawText());
    }

    [Fact]
    public async Task Summary_all_time_and_open_ended_agree_with_the_raw_tables()
    {
        var raw = fixture.Raw;
        var today = DateTimeOffset.UtcNow;

        Assert.Equal(ExpectedAnalytics.Summary(raw, null, null), await SummaryAsync(null, null));
        Assert.Equal(ExpectedAnalytics.Summary(raw, March(3), null), await SummaryAsync(March(3), null));
        Assert.Equal(ExpectedAnalytics.Summary(raw, null, March(2, 12)), await SummaryAsync(null, March(2, 12)));
        Assert.Equal(ExpectedAnalytics.Summary(raw, March(2, 12), today.AddDays(1)), await SummaryAsync(March(2, 12), today.AddDays(1)));
        // Hand check of all time: 9 March rows plus 7 API bookings (E1's 4 seats cancelled, E4's 2 cancelled with its event).
        var all = await SummaryAsync(null, null);
        Assert.Equal((16L, 10L, 6L), (all.TotalBookings, all.ConfirmedBookings, all.CancelledBookings));
        Assert.Equal(15 + 3 + 2 + 5 + 1 + 5, all.TicketsSold);
        Assert.Equal(543.00m + 100.00m + 93.00m + 500.00m, all.Revenue);
    }

    [Fact]
    public async Task Daily_lists_utc_days_with_bookings_by_creation_and_cancellations_by_cancellation_day()
    {
        Assert.Equal(
            [
                new DailyBody("2025-03-01", 3, 3, 0, 105.50m),
                new DailyBody("2025-03-02", 4, 9, 2, 347.50m),
                new DailyBody("2025-03-03", 1, 3, 0, 90.00m),
                new DailyBody("2025-03-04", 0, 0, 1, 0m),
                new DailyBody("2025-03-05", 1, 0, 1, 0m),
            ],
            await DailyAsync(March(1), March(6)));
        var json = await GetJsonAsync(Query("/daily", March(1), March(2)));
        Assert.Equal("2025-03-01", json[0].GetProperty("date").GetString());
        Assert.Equal("105.50", json[0].GetProperty("revenue").GetRawText());
    }

    [Fact]
    public async Task Daily_of_a_window_cutting_through_days_counts_only_the_instants_inside()
    {
        // [1 Mar 08:00, 2 Mar 12:00): created b1, b2 on the 1st; c2, d1 on the 2nd; cancelled b2 (2nd 08:00), d1 (2nd 11:00).
        Assert.Equal(
            [new DailyBody("2025-03-01", 2, 2, 0, 60.00m), new DailyBody("2025-03-02", 2, 0, 2, 0m)],
            await DailyAsync(March(1, 8), March(2, 12)));
        // [2 Mar 07:00, 2 Mar 11:00): d1 created at 10:00; b2 cancelled at 08:00; d1's cancellation at 11:00 is out.
        Assert.Equal([new DailyBody("2025-03-02", 1, 0, 1, 0m)], await DailyAsync(March(2, 7), March(2, 11)));
        // [4 Mar 10:00, 5 Mar 10:30): c2's cancellation at the start is in; b5 created 10:00 is in, its cancellation at 10:30 is out.
        Assert.Equal(
            [new DailyBody("2025-03-04", 0, 0, 1, 0m), new DailyBody("2025-03-05", 1, 0, 0, 0m)],
            await DailyAsync(March(4, 10), March(5, 10, 30)));
    }

    [Fact]
    public async Task Daily_of_empty_windows_is_empty_and_all_time_agrees_with_the_raw_tables()
    {
        Assert.Empty(await DailyAsync(March(1, 5), March(1, 5)));
        Assert.Empty(await DailyAsync(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(ExpectedAnalytics.Daily(fixture.Raw, null, null), await DailyAsync(null, null));
        Assert.Equal(ExpectedAnalytics.Daily(fixture.Raw, March(3, 12), null), await DailyAsync(March(3, 12), null));
        Assert.Equal(ExpectedAnalytics.Daily(fixture.Raw, null, March(2, 9)), await DailyAsync(null, March(2, 9)));
    }

    [Fact]
    public async Task Popular_events_rank_open_events_by_seats_sold_with_ties_by_id()
    {
        var (p1, p2, _) = fixture.Past;
        var (e1, e2, e3) = (fixture.Live[0], fixture.Live[1], fixture.Live[2]);

        var all = await GetAsync<List<PopularBody>>("/api/v1/admin/analytics/popular-events");

        // Sold: P1 9, E2 6, P2 6, E1 5, E3 5; E4 (cancelled) and E5 (nothing sold) are not listed.
        Assert.Equal([p1, .. ById(e2, p2), .. ById(e1, e3)], all.Select(e => e.EventId));
        Assert.Equal(new PopularBody(p1, "Past one", 9, 40, 0.225, 270.00m), all[0]);
        Assert.Equal(new PopularBody(e3, "Live three", 5, 5, 1, 500.00m), all.Single(e => e.EventId == e3));
        Assert.Equal(new PopularBody(p2, "Past two", 6, 30, 0.2, 273.00m), all.Single(e => e.EventId == p2));
        Assert.Equal(ExpectedAnalytics.Popular(fixture.Raw, 10), all);
        foreach (var limit in new[] { 1, 2, 4, 100 })
        {
            Assert.Equal(ExpectedAnalytics.Popular(fixture.Raw, limit), await GetAsync<List<PopularBody>>($"/api/v1/admin/analytics/popular-events?limit={limit}"));
        }
    }

    [Fact]
    public async Task Utilization_pages_open_events_fullest_first_with_held_seats()
    {
        var expected = ExpectedAnalytics.Utilization(fixture.Raw);
        var pages = new List<UtilizationBody>();
        for (var page = 1; page <= 4; page++)
        {
            var body = await GetAsync<PageBody<UtilizationBody>>($"/api/v1/admin/analytics/utilization?page={page}&pageSize=2");
            Assert.Equal((page, 2, 6L), (body.Page, body.PageSize, body.TotalCount));
            pages.AddRange(body.Items);
        }

        // E3 5/5, E1 5/10, E2 6/20, P1 9/40, P2 6/30 (2 held), E5 0/50.
        var (p1, p2, _) = fixture.Past;
        var live = fixture.Live;
        Assert.Equal([live[2], live[0], live[1], p1, p2, live[4]], pages.Select(u => u.EventId));
        Assert.Equal(new UtilizationBody(p2, "Past two", 30, 6, 2, 0.2), pages[4]);
        Assert.Equal(new UtilizationBody(live[1], "Live two", 20, 6, 0, 0.3), pages[2]);
        Assert.Equal(expected, pages);
        Assert.Equal(expected, (await GetAsync<PageBody<UtilizationBody>>("/api/v1/admin/analytics/utilization")).Items);
        // P2's two held seats are seeded with no hold or promotion behind them: the seat equation is what this data set keeps.
        await App.AssertInvariantsAsync(only: "seat_equation");
    }

    [Fact]
    public async Task Daily_rollups_match_the_bookings_they_summarise_on_every_shard()
    {
        // The triggers kept event_daily_sales through API bookings, a cancellation, an event cancellation and SQL inserts.
        foreach (var shard in App.Shards)
        {
            var drift = await TestPostgres.ScalarAsync<long>(shard, """
                WITH truth AS (
                    SELECT event_id, day, sum(b) AS b, sum(cf) AS cf, sum(cc) AS cc, sum(t) AS t, sum(r) AS r, sum(x) AS x
                    FROM (SELECT event_id, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS b, (status = 'confirmed')::int AS cf,
                                 (status = 'cancelled')::int AS cc, CASE WHEN status = 'confirmed' THEN quantity ELSE 0 END AS t,
                                 CASE WHEN status = 'confirmed' THEN total_amount ELSE 0 END AS r, 0 AS x
                          FROM bookings
                          UNION ALL
                          SELECT event_id, (cancelled_at AT TIME ZONE 'UTC')::date, 0, 0, 0, 0, 0, 1 FROM bookings WHERE cancelled_at IS NOT NULL) d
                    GROUP BY event_id, day)
                SELECT count(*) FROM truth FULL JOIN event_daily_sales s USING (event_id, day)
                WHERE (coalesce(truth.b, 0), coalesce(truth.cf, 0), coalesce(truth.cc, 0), coalesce(truth.t, 0), coalesce(truth.r, 0), coalesce(truth.x, 0))
                   <> (coalesce(s.bookings, 0), coalesce(s.confirmed, 0), coalesce(s.cancelled, 0), coalesce(s.tickets_sold, 0), coalesce(s.revenue, 0), coalesce(s.cancellations, 0))
                """);
            Assert.Equal(0, drift);
        }

        Assert.Equal(16, fixture.Raw.Bookings.Count);
    }

    [Theory]
    [InlineData("/summary?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "to")]
    [InlineData("/daily?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "to")]
    [InlineData("/summary?from=yesterday", "from")]
    [InlineData("/daily?to=2025-13-01", "to")]
    [InlineData("/popular-events?limit=0", "limit")]
    [InlineData("/popular-events?limit=101", "limit")]
    [InlineData("/utilization?pageSize=0", "pageSize")]
    [InlineData("/utilization?pageSize=101", "pageSize")]
    [InlineData("/utilization?page=0", "page")]
    public async Task Bad_parameters_are_400_validation_failed_naming_the_field(string path, string field)
    {
        using var client = App.ClientWithToken(fixture.Admin);

        var response = await client.GetAsync(new Uri("/api/v1/admin/analytics" + path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("/summary")]
    [InlineData("/popular-events")]
    [InlineData("/utilization")]
    [InlineData("/daily")]
    public async Task Users_are_403_and_anonymous_callers_401(string path)
    {
        using var user = App.ClientWithToken(fixture.User);
        using var anonymous = App.CreateClient();
        var uri = new Uri("/api/v1/admin/analytics" + path, UriKind.Relative);

        var forbidden = await user.GetAsync(uri);
        var unauthorized = await anonymous.GetAsync(uri);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    private static Guid[] ById(Guid x, Guid y) => string.CompareOrdinal(x.ToString("D"), y.ToString("D")) < 0 ? [x, y] : [y, x];

    private static string Query(string path, DateTimeOffset? from, DateTimeOffset? to)
    {
        var parts = new List<string>();
        if (from is { } f)
        {
            parts.Add("from=" + Uri.EscapeDataString(f.ToString("O")));
        }

        if (to is { } t)
        {
            parts.Add("to=" + Uri.EscapeDataString(t.ToString("O")));
        }

        return $"/api/v1/admin/analytics{path}" + (parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts));
    }

    private Task<SummaryBody> SummaryAsync(DateTimeOffset? from, DateTimeOffset? to) => GetAsync<SummaryBody>(Query("/summary", from, to));

    private Task<List<DailyBody>> DailyAsync(DateTimeOffset? from, DateTimeOffset? to) => GetAsync<List<DailyBody>>(Query("/daily", from, to));

    private async Task<T> GetAsync<T>(string path)
    {
        using var client = App.ClientWithToken(fixture.Admin);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web))!;
    }

    private Task<JsonElement> GetJsonAsync(string path) => GetAsync<JsonElement>(path);
}
