using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Persistence.Analytics;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Analytics;

/// <summary>
/// <c>/admin/analytics</c>: sales figures across every shard, for admins. Windows are half-open <c>[from, to)</c> on a
/// booking's <c>created_at</c> (a waitlist entry's <c>joined_at</c>, a cancellation's <c>cancelled_at</c>), all time when
/// omitted; days are UTC. Money has 2 decimals, rates 4. See <see cref="SalesSummary"/>, <see cref="PopularEvent"/>,
/// <see cref="EventUtilization"/> and <see cref="DailySales"/> for what each figure counts.
/// </summary>
public static class AnalyticsApi
{
    public static void MapAnalyticsApi(this IEndpointRouteBuilder api)
    {
        var analytics = api.MapGroup("/admin/analytics").WithTags("Analytics").RequireAuthorization(AuthPolicies.Admin);
        analytics.MapGet("/summary", SummaryAsync).WithName("AnalyticsSummary")
            .WithSummary("Booking, revenue, cancellation, capacity and waitlist totals for bookings created in [from, to).");
        analytics.MapGet("/popular-events", PopularEventsAsync).WithName("AnalyticsPopularEvents")
            .WithSummary("The events with the most seats sold (limit 1..100, default 10), all time.");
        analytics.MapGet("/utilization", UtilizationAsync).WithName("AnalyticsUtilization")
            .WithSummary("Every event that is not cancelled with seats sold and held, fullest first; paged.");
        analytics.MapGet("/daily", DailyAsync).WithName("AnalyticsDaily")
            .WithSummary("Bookings, seats sold, cancellations and revenue per UTC day in [from, to).");
    }

    private static async Task<Results<Ok<SalesSummary>, ProblemHttpResult>> SummaryAsync(
        AnalyticsReads analytics, string? from, string? to, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var window = AnalyticsWindow.Read(from, to, errors);
        return errors.IsEmpty ? TypedResults.Ok(await analytics.SummaryAsync(window, cancellationToken)) : errors.ToProblem();
    }

    private static async Task<Results<Ok<IReadOnlyList<PopularEvent>>, ProblemHttpResult>> PopularEventsAsync(
        AnalyticsReads analytics, int? limit, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Check(limit is < 1 or > AnalyticsReads.MaxLimit, "limit", $"limit must be 1..{AnalyticsReads.MaxLimit}.");
        return errors.IsEmpty ? TypedResults.Ok(await analytics.PopularEventsAsync(limit ?? 10, cancellationToken)) : errors.ToProblem();
    }

    private static async Task<Results<Ok<Paged<EventUtilization>>, ProblemHttpResult>> UtilizationAsync(
        AnalyticsReads analytics, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (p, size) = paging.Read(errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await analytics.UtilizationAsync(p, size, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<DailySales>>, ProblemHttpResult>> DailyAsync(
        AnalyticsReads analytics, string? from, string? to, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var window = AnalyticsWindow.Read(from, to, errors);
        return errors.IsEmpty ? TypedResults.Ok(await analytics.DailyAsync(window, cancellationToken)) : errors.ToProblem();
    }
}
