using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The flash sale with a checkout step (<c>flash-sale --checkout</c>): each client holds 1..MaxQuantity seats, thinks
/// (pays elsewhere) for <see cref="CheckoutOptions.Think"/>, then confirms the hold into a booking or, for
/// <see cref="CheckoutOptions.AbandonShare"/> of them, walks away and releases it. Runs until the event is sold out and
/// nothing is held any more. Bookings (confirmed holds) are checked in the database like the plain sale's.
/// </summary>
public static class CheckoutSale
{
    public static Task<ScenarioReport> RunAsync(FlashSaleOptions options, CheckoutOptions checkout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checkout);
        return new Sale(options, checkout).RunAsync(ct);
    }

    /// <summary>Each attempt holds seats and checks the hold out: confirmed, or abandoned and released.</summary>
    private sealed class Sale(FlashSaleOptions options, CheckoutOptions checkout) : ClosedSale(options)
    {
        private readonly CheckoutStats _stats = new();

        protected override string Label => "flash-sale-checkout";

        protected override async Task<Guid> CreateEventAsync(UserSession session, CancellationToken ct)
        {
            Options.Observer?.Phase($"creating an event of {Options.Seats:N0} seats, holds of {checkout.HoldMinutes} min");
            return await Api.CreateEventAsync(session.AdminAuthorization, EventName("Checkout sale"), "Load Test Arena", Options.Seats, 49.90m, ct, holdMinutes: checkout.HoldMinutes);
        }

        protected override async Task AttemptAsync(SaleClient client, CancellationToken ct)
        {
            var quantity = client.Random.Next(1, Options.MaxQuantity + 1);
            client.Recorder.Attempt();
            _stats.HoldAttempt();
            var begun = Stopwatch.GetTimestamp();
            await HoldAndCheckOutAsync(client, quantity, begun, ct);
        }

        protected override async Task ReportAsync(ScenarioReport report, CancellationToken ct)
        {
            _stats.Seconds = report.DurationSeconds;
            report.Checkout = _stats;
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"checkout: {_stats.Holds:N0} holds ({_stats.HoldsPerSecond:N0}/s of {_stats.HoldAttempts:N0} attempts), {_stats.Confirmed:N0} confirmed ({_stats.ConfirmsPerSecond:N0}/s), "
                + $"{_stats.Released:N0} abandoned and released, {_stats.ExpiredAtConfirm:N0} expired at confirm; conversion {_stats.Conversion:P1}; think {checkout.Think.TotalMilliseconds:N0} ms, abandon share {checkout.AbandonShare:P0}"));
            if (await HeldSeatsAsync(ct) is > 0 and var held)
            {
                report.Notes.Add($"{held} seats still held at the end by holds whose creation answer was lost; they expire after {checkout.HoldMinutes} min");
            }
        }

        protected override Task CheckMoreAsync(ScenarioReport report, DatabaseCheckResult check, string connectionString, CancellationToken ct) =>
            Database.HoldCheck.AddAsync(report, check, connectionString, EventId, ct);

        private async Task HoldAndCheckOutAsync(SaleClient client, int quantity, long begun, CancellationToken ct)
        {
            var hold = await Api.HoldAsync(EventId, client.Authorization, quantity, CancellationToken.None);
            client.Recorder.Latency.RecordSince(begun);
            switch (hold.Status)
            {
                case 201 when JsonScan.Guid(hold.Body, "id") is { } holdId:
                    _stats.Held();
                    await CheckOutAsync(client, holdId, quantity, ct);
                    break;
                case 409 when hold.Code == "sold_out":
                    client.Recorder.SoldOutAnswer();
                    // Nothing free: wait for a checkout to give seats back; sold out once every client waits so.
                    if ((JsonScan.Int64(hold.Body, "availableSeats") ?? 0) == 0)
                    {
                        await State.WaitForSeatsAsync(TimeSpan.FromSeconds(1), ct);
                    }
                    else
                    {
                        await SaleClient.PauseAsync(TimeSpan.FromMilliseconds(20), ct);
                    }

                    break;
                case 429:
                    await client.RateLimitedAsync(hold, ct);
                    break;
                default:
                    client.Fail($"hold {hold.ErrorKind}", hold.IsAmbiguous);
                    await SaleClient.PauseAsync(TimeSpan.FromMilliseconds(20), ct);
                    break;
            }
        }

        private async Task CheckOutAsync(SaleClient client, Guid holdId, int quantity, CancellationToken ct)
        {
            await SaleClient.PauseAsync(checkout.Think, ct);
            if (client.Random.NextDouble() < checkout.AbandonShare)
            {
                var released = await RetriedAsync(() => Api.ReleaseHoldAsync(holdId, client.Authorization, CancellationToken.None), ct);
                if (released.Status == 204)
                {
                    _stats.ReleasedOne();
                    State.SeatsReturned();
                }
                else
                {
                    client.Fail($"release {released.ErrorKind}", released.IsAmbiguous);
                }

                return;
            }

            _stats.ConfirmAttempt();
            // A confirm whose answer was lost (or that did nothing, 503) is simply sent again: a repeat is the same booking.
            var confirm = await RetriedAsync(() => Api.ConfirmHoldAsync(holdId, client.Authorization, CancellationToken.None), ct);
            if (confirm.Status == 200)
            {
                confirm = confirm with { Status = 201 };
            }

            switch (confirm.Status)
            {
                case 201 when JsonScan.Guid(confirm.Body, "id") is { } bookingId:
                    _stats.ConfirmedOne();
                    client.Recorder.Confirm(bookingId, (int)(JsonScan.Int64(confirm.Body, "quantity") ?? quantity));
                    break;
                case 409 when confirm.Code == "hold_expired":
                    _stats.ExpiredOne();
                    State.SeatsReturned();
                    break;
                default:
                    client.Fail($"confirm {confirm.ErrorKind}", confirm.IsAmbiguous);
                    break;
            }
        }

        private static async Task<ApiAnswer> RetriedAsync(Func<Task<ApiAnswer>> send, CancellationToken ct)
        {
            var answer = await send();
            for (var attempt = 1; attempt < 5 && (answer.IsTransportError || answer.Status is 503 or 504 or 429); attempt++)
            {
                await SaleClient.PauseAsync(TimeSpan.FromMilliseconds(100 * attempt), ct);
                answer = await send();
            }

            return answer;
        }

        /// <summary>Seats still held once the clients stopped: holds whose creation answer was lost, expiring later.</summary>
        private async Task<long?> HeldSeatsAsync(CancellationToken ct)
        {
            var read = await Api.GetAsync($"api/v1/events/{EventId}", null, ct);
            return read.Status == 200 ? JsonScan.Int64(read.Body, "heldSeats") : null;
        }
    }
}

/// <summary>The checkout step of <c>flash-sale --checkout</c>.</summary>
public sealed class CheckoutOptions
{
    /// <summary>How long a buyer pays before confirming (or abandoning).</summary>
    public TimeSpan Think { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of holds abandoned (released) instead of confirmed.</summary>
    public double AbandonShare { get; set; } = 0.2;

    /// <summary>The event's hold length.</summary>
    public int HoldMinutes { get; set; } = 10;
}
