using Evently.LoadGenerator.Database;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>The closed-model flash sale over HTTP.</summary>
public static class FlashSale
{
    /// <summary>
    /// Prepares users (before the clock), creates one event of <see cref="FlashSaleOptions.Seats"/> seats, runs
    /// <see cref="FlashSaleOptions.Clients"/> clients until it is sold out, then checks the database if a connection
    /// string was given. Prints nothing.
    /// </summary>
    public static Task<ScenarioReport> RunAsync(FlashSaleOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Sale(options).RunAsync(ct);
    }

    internal static void Validate(FlashSaleOptions options)
    {
        if (options.Seats is < 1 or > 1_000_000)
        {
            throw new LoadGeneratorException("seats must be 1..1,000,000");
        }

        if (options.Clients < 1 || options.Users < 1 || options.MaxQuantity is < 1 or > 10)
        {
            throw new LoadGeneratorException("clients and users must be at least 1, quantity 1..10");
        }
    }

    /// <summary>Opens up to <paramref name="connections"/> connections and activates the event before the clock starts.</summary>
    internal static async Task WarmUpAsync(EventlyApi api, Guid eventId, int connections, CancellationToken ct)
    {
        var url = api.Url($"api/v1/events/{eventId}");
        var tasks = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            tasks[i] = api.SendAsync(HttpMethod.Get, url, null, null, null, ct);
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>Runs the database check if a connection string was given and stores it in the report.</summary>
    internal static async Task CheckAsync(ScenarioReport report, EventlyTarget target, IReadOnlyCollection<Guid> eventIds, IReadOnlyList<RunRecorder> recorders, IRunObserver? observer, CancellationToken ct)
    {
        if (target.DatabaseConnectionString is not { Length: > 0 } cs)
        {
            report.Notes.Add("no database connection string: database check skipped");
            return;
        }

        observer?.Phase("checking the database");
        var view = new DatabaseCheck.ClientView
        {
            EventIds = eventIds,
            Acknowledged = [.. recorders.SelectMany(r => r.Acknowledged)],
            CancelledByClient = [.. recorders.SelectMany(r => r.CancelledByClient)],
            AmbiguousErrors = recorders.Sum(r => r.Ambiguous),
        };
        report.DatabaseCheck = await DatabaseCheck.CheckEventlyAsync(cs, target.ShardDatabasePattern, view, ct);
    }

    /// <summary>Each attempt books 1..MaxQuantity seats (fewer once fewer are left).</summary>
    private sealed class Sale(FlashSaleOptions options) : ClosedSale(options)
    {
        private Uri _bookingUrl = null!;

        protected override string Label => "flash-sale";

        protected override async Task<Guid> CreateEventAsync(UserSession session, CancellationToken ct)
        {
            Options.Observer?.Phase($"creating an event of {Options.Seats:N0} seats");
            var eventId = await Api.CreateEventAsync(session.AdminAuthorization, EventName("Flash sale"), "Load Test Arena", Options.Seats, 49.90m, ct);
            _bookingUrl = Api.BookingUrl(eventId);
            return eventId;
        }

        protected override async Task AttemptAsync(SaleClient client, CancellationToken ct)
        {
            var recorder = client.Recorder;
            var quantity = client.Random.Next(1, client.Limit + 1);
            if (await client.AttemptAsync(() => Api.BookAsync(_bookingUrl, client.Authorization, quantity, CancellationToken.None), ct) is not { } answer)
            {
                return;
            }

            switch (answer.Status)
            {
                case 201:
                    if (JsonScan.Booking(answer.Body) is { } made)
                    {
                        recorder.Confirm(made.Id, (int)(made.Quantity ?? quantity));
                    }
                    else
                    {
                        client.Fail("201 without id", ambiguous: true);
                    }

                    break;
                case 409 when answer.Code == "sold_out":
                    if (client.SoldOut(answer) is { } left)
                    {
                        client.Limit = (int)Math.Min(client.Limit, left);
                    }

                    break;
                case 429:
                    await client.RateLimitedAsync(answer, ct);
                    break;
                default:
                    client.Fail(answer.ErrorKind, answer.IsAmbiguous);
                    if (answer.IsTransportError || answer.Status == 503)
                    {
                        await SaleClient.PauseAsync(TimeSpan.FromMilliseconds(20), ct);
                    }

                    break;
            }
        }
    }
}
