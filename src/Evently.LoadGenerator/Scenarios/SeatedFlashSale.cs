using System.Globalization;
using System.Text.Json;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;
using Npgsql;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// <c>flash-sale --seated</c>: one event with a seating plan of <see cref="FlashSaleOptions.Seats"/> seats (sections of
/// rows of 500); clients ask for the best available run of 1–4 seats together, and a share of them for specific seats
/// picked from the live availability map (so popular seats are really contended). Reports bookings/s, seats_taken
/// answers and latency, and checks in the database that no seat was sold twice and that the seat rows agree with the
/// events row.
/// </summary>
internal static class SeatedFlashSale
{
    private const int SeatsPerRow = 500;
    private const int RowsPerSection = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<ScenarioReport> RunAsync(FlashSaleOptions options, double specificShare, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Seats > 100_000
            ? throw new LoadGeneratorException("a seating plan has at most 100,000 seats")
            : new SeatedSale(options, specificShare).RunAsync(ct);
    }

    /// <summary>Sections A, B, … of 20 rows of 500 seats (the last row as long as what is left).</summary>
    private static object Plan(int seats)
    {
        var rows = new List<(int Section, int Row, int Seats)>();
        for (var left = seats; left > 0; left -= SeatsPerRow)
        {
            rows.Add((rows.Count / RowsPerSection, rows.Count % RowsPerSection + 1, Math.Min(SeatsPerRow, left)));
        }

        return new
        {
            sections = rows.GroupBy(r => r.Section).Select(g => new
            {
                name = ((char)('A' + g.Key % 26)).ToString() + (g.Key >= 26 ? (g.Key / 26).ToString(CultureInfo.InvariantCulture) : ""),
                rows = g.Select(r => new { label = r.Row.ToString(CultureInfo.InvariantCulture), seats = r.Seats }).ToArray(),
            }).ToArray(),
        };
    }

    /// <summary>After the run: no seat sold twice, seat rows agree with the events row and with every confirmed booking.</summary>
    private static async Task CheckSeatsAsync(ScenarioReport report, DatabaseCheckResult result, string connectionString, Guid eventId, CancellationToken ct)
    {
        foreach (var database in result.Databases)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = database, Pooling = false };
            await using var conn = new NpgsqlConnection(builder.ConnectionString);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                SELECT (SELECT total_capacity - available_seats - held_seats FROM events WHERE id = @e),
                       (SELECT count(*) FROM booking_seats WHERE event_id = @e),
                       (SELECT count(*) - count(DISTINCT seat) FROM booking_seats WHERE event_id = @e),
                       (SELECT count(*) FROM booking_seats s JOIN held_seats h ON h.event_id = s.event_id AND h.seat = s.seat WHERE s.event_id = @e),
                       (SELECT count(*) FROM bookings b WHERE b.event_id = @e AND b.status = 'confirmed'
                          AND b.quantity <> (SELECT count(*) FROM booking_seats s WHERE s.booking_id = b.id))
                """, conn);
            cmd.Parameters.AddWithValue("e", eventId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
            {
                continue;
            }

            var sold = reader.GetInt32(0);
            var rows = reader.GetInt64(1);
            var twice = reader.GetInt64(2);
            var both = reader.GetInt64(3);
            var mismatched = reader.GetInt64(4);
            report.Notes.Add($"database: {rows:N0} sold seat rows for {sold:N0} seats sold; seats sold twice: {twice}; sold and held at once: {both}; "
                + $"confirmed bookings whose seats differ from their quantity: {mismatched}");
            if (rows != sold || twice > 0 || both > 0 || mismatched > 0)
            {
                result.Problems.Add($"seats of event {eventId}: {rows} seat rows for {sold} sold, {twice} sold twice, {both} sold and held, {mismatched} bookings off");
                result.Passed = false;
            }
        }
    }

    /// <summary>Each attempt asks for the best run of 1..4 seats together, or for named seats from the live map.</summary>
    private sealed class SeatedSale(FlashSaleOptions options, double specificShare) : ClosedSale(options)
    {
        private Sale _sale = null!;

        protected override string Label => "flash-sale-seated";

        protected override string Scenario => "flash-sale";

        protected override string? Variant => "seated";

        protected override bool ProbesServer => false;

        protected override async Task<Guid> CreateEventAsync(UserSession session, CancellationToken ct)
        {
            Options.Observer?.Phase($"creating a seated event of {Options.Seats:N0} seats");
            var eventId = await Api.CreateEventAsync(session.AdminAuthorization, EventName("Seated flash sale"), "Load Test Arena", Options.Seats, 49.90m, ct);
            var plan = await Api.SendAsync(HttpMethod.Put, Api.Url($"api/v1/events/{eventId}/seating-plan"), session.AdminAuthorization,
                JsonSerializer.SerializeToUtf8Bytes(Plan(Options.Seats), Json), null, ct);
            if (plan.Status != 200)
            {
                throw new LoadGeneratorException($"setting the seating plan answered {plan.ErrorKind}");
            }

            _sale = new Sale(Api, eventId, State);
            await _sale.RefreshMapAsync(ct);
            return eventId;
        }

        protected override Task BesideClientsAsync(CancellationToken ct) => _sale.RefreshLoopAsync(ct);

        protected override async Task AttemptAsync(SaleClient client, CancellationToken ct)
        {
            var recorder = client.Recorder;
            var quantity = client.Random.Next(1, 5);
            var specific = client.Random.NextDouble() < specificShare ? _sale.PickSeats(client.Random, quantity) : null;
            object body = specific is not null ? new { seats = specific } : new { quantity, together = client.Together };
            if (specific is not null)
            {
                _sale.CountSpecific();
            }
            else
            {
                _sale.CountBestAvailable();
            }

            var json = JsonSerializer.SerializeToUtf8Bytes(body, Json);
            if (await client.AttemptAsync(() => Api.SendAsync(HttpMethod.Post, _sale.BookingUrl, client.Authorization, json, Guid.NewGuid().ToString("N"), CancellationToken.None), ct) is not { } answer)
            {
                return;
            }

            switch (answer.Status)
            {
                case 201 when JsonScan.Guid(answer.Body, "id") is { } id:
                    recorder.Confirm(id, (int)(JsonScan.Int64(answer.Body, "quantity") ?? quantity));
                    break;
                case 409 when answer.Code == "seats_taken":
                    _sale.CountSeatsTaken();
                    break;
                case 409 when answer.Code == "no_adjacent_seats" && specific is null:
                    // Enough seats are left, only not that many together: the rest of the sale takes seats apart.
                    _sale.CountNoRun();
                    client.Together = false;
                    break;
                case 409 when answer.Code == "sold_out":
                    if (client.SoldOut(answer) is { } left && specific is null)
                    {
                        // No run of that many together is left: the rest of the sale takes seats apart.
                        _sale.CountNoRun();
                        client.Together = quantity > left;
                    }

                    break;
                case 429:
                    await client.RateLimitedAsync(answer, ct);
                    break;
                default:
                    client.Fail(answer.ErrorKind, answer.IsAmbiguous);
                    break;
            }
        }

        protected override Task ReportAsync(ScenarioReport report, CancellationToken ct)
        {
            report.Notes.Add($"seated: {_sale.Specific:N0} specific-seat requests ({specificShare:P0} share), {_sale.SeatsTaken:N0} answered 409 seats_taken; "
                + $"{_sale.BestAvailable:N0} best-available requests (runs of 1-4 together), {_sale.NoRun:N0} found no run");
            return Task.CompletedTask;
        }

        protected override Task CheckMoreAsync(ScenarioReport report, DatabaseCheckResult check, string connectionString, CancellationToken ct) =>
            CheckSeatsAsync(report, check, connectionString, EventId, ct);
    }

    /// <summary>The sale's shared state: the live map (refreshed in the background), counters, the sold-out flag.</summary>
    private sealed class Sale(EventlyApi api, Guid eventId, SaleState state)
    {
        private volatile string[] _rows = [];
        private volatile string[] _rowNames = [];
        private long _specific;
        private long _bestAvailable;
        private long _seatsTaken;
        private long _noRun;

        public Uri BookingUrl { get; } = api.BookingUrl(eventId);

        public long Specific => Interlocked.Read(ref _specific);

        public long BestAvailable => Interlocked.Read(ref _bestAvailable);

        public long SeatsTaken => Interlocked.Read(ref _seatsTaken);

        public long NoRun => Interlocked.Read(ref _noRun);

        public void CountSpecific() => Interlocked.Increment(ref _specific);

        public void CountBestAvailable() => Interlocked.Increment(ref _bestAvailable);

        public void CountSeatsTaken() => Interlocked.Increment(ref _seatsTaken);

        public void CountNoRun() => Interlocked.Increment(ref _noRun);

        /// <summary>
        /// Seats a fan would click: a run of <paramref name="quantity"/> free seats in one of the best rows the map
        /// (up to half a second old) shows free, so many clients want the same seats. Null when the map has none.
        /// </summary>
        public string[]? PickSeats(Random random, int quantity)
        {
            var rows = _rows;
            var names = _rowNames;
            var candidates = new List<(int Row, int Start)>();
            for (var r = 0; r < rows.Length && candidates.Count < 8; r++)
            {
                var run = 0;
                for (var s = 0; s < rows[r].Length && candidates.Count < 8; s++)
                {
                    run = rows[r][s] == 'a' ? run + 1 : 0;
                    if (run == quantity)
                    {
                        candidates.Add((r, s - quantity + 1));
                        run = 0;
                    }
                }
            }

            if (candidates.Count == 0)
            {
                return null;
            }

            var (row, start) = candidates[random.Next(candidates.Count)];
            return Enumerable.Range(start + 1, quantity).Select(n => $"{names[row]}-{n.ToString(CultureInfo.InvariantCulture)}").ToArray();
        }

        public async Task RefreshLoopAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested && !state.SoldOut)
            {
                try
                {
                    await Task.Delay(500, ct);
                    await RefreshMapAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public async Task RefreshMapAsync(CancellationToken ct)
        {
            var answer = await api.GetAsync($"api/v1/events/{eventId}/seats", null, ct);
            if (answer.Status != 200)
            {
                return;
            }

            using var json = JsonDocument.Parse(answer.Body);
            var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            _rowNames = rows.Select(r => $"{r.GetProperty("section").GetString()}-{r.GetProperty("row").GetString()}").ToArray();
            _rows = rows.Select(r => r.GetProperty("seats").GetString() ?? "").ToArray();
        }
    }
}
