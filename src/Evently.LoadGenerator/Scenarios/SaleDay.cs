using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The sale day (<c>sale-day</c>): an event with a waiting room whose sale opens <see cref="SaleDayOptions.OpenIn"/>
/// after its creation. Most users join the queue before the opening, in a recorded order; from the opening they poll
/// <c>GET /queue/me</c> (at half the estimated wait, 200 ms..<see cref="SaleDayOptions.MaxPollInterval"/>) until
/// admitted, then book 1..MaxQuantity seats once, until the event is sold out. A few users never join and book anyway:
/// every answer they get must be <c>403 admission_required</c>. Reports the time from the opening to each admission
/// (the server's admission time: <c>admittedUntil</c> minus the admission length), bookings/s, the Spearman rank
/// correlation of pre-queue join order and admission order (a fair lottery: ≈ 0), and the database check.
/// </summary>
public static class SaleDay
{
    private const int AdmissionMinutes = 10;

    public static async Task<ScenarioReport> RunAsync(SaleDayOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var target = options.Target;
        var observer = options.Observer;
        using var context = ApiContext.Create(target, Math.Min(options.Users, 1_000));
        var api = context.Api;
        var session = options.Session ?? await UserSession.PrepareAsync(api, target, options.Users, observer is null ? null : observer.Phase, ct);
        var users = session.UserAuthorizations;
        var probes = ChooseProbes(users.Count, options.ProbeShare, options.Seed);

        var salesStartAt = DateTimeOffset.UtcNow + options.OpenIn;
        observer?.Phase($"creating an event of {options.Seats:N0} seats with a waiting room ({options.AdmitPerMinute:N0}/min), opening in {options.OpenIn.TotalSeconds:N0} s");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var eventId = await api.CreateSaleDayEventAsync(session.AdminAuthorization, $"Sale day {stamp}", options.Seats, salesStartAt, options.AdmitPerMinute, AdmissionMinutes, ct);

        // The pre-queue: users join in index order (a few dozen at a time); the server's joinedAt is the join order.
        var joinedAt = new DateTimeOffset?[users.Count];
        var joinErrors = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        observer?.Phase($"pre-queue: {users.Count - probes.Count(p => p):N0} users joining before the opening");
        var joinStarted = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, users.Count).Where(i => !probes[i]),
            new ParallelOptions { MaxDegreeOfParallelism = options.JoinParallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var answer = await EventlyApi.WithRetriesAsync(() => api.JoinQueueAsync(eventId, users[i], token), token);
                if (answer.Status is 200 or 201 && JsonScan.String(answer.Body, "joinedAt") is { } text)
                {
                    joinedAt[i] = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
                }
                else
                {
                    joinErrors.AddOrUpdate($"join {answer.ErrorKind}", 1, static (_, n) => n + 1);
                }
            });
        var joinSeconds = Stopwatch.GetElapsedTime(joinStarted).TotalSeconds;

        var untilOpening = salesStartAt - DateTimeOffset.UtcNow;
        if (untilOpening > TimeSpan.Zero)
        {
            observer?.Phase($"waiting {untilOpening.TotalSeconds:N1} s for the opening");
            await Task.Delay(untilOpening, ct);
        }

        var recorder = new RunRecorder("sale-day")
        {
            Memory = target.ServerPid is { } pid ? new ServerMemoryProbe(pid) : null,
            Cpu = target.CpuProbe(),
            ProgressTotal = options.Seats,
        };
        var report = new ScenarioReport
        {
            Scenario = "sale-day",
            Model = "closed",
            Clients = users.Count,
            Users = users.Count,
            Seats = options.Seats,
            EventId = eventId,
        };
        foreach (var (kind, count) in joinErrors)
        {
            for (var n = 0; n < count; n++)
            {
                recorder.Error(kind, ambiguous: false);
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.MaxDuration);
        using var sale = new SaleState(options, api, eventId, users, salesStartAt, recorder, deadline.Token);
        observer?.Running(recorder);
        var opened = Stopwatch.GetTimestamp();
        await recorder.RunClientsAsync(users.Count, i => probes[i] ? sale.ProbeAsync(i) : sale.QueuedUserAsync(i, joinedAt[i] is not null));
        ct.ThrowIfCancellationRequested();

        recorder.FillReport(report);
        var stats = sale.Summarize(joinedAt, probes, opened);
        stats.JoinsPerSecond = Math.Round(stats.PreQueued / Math.Max(joinSeconds, 1e-3), 1);
        report.SaleDay = stats;
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"sale day: {stats.PreQueued:N0} pre-queued ({stats.JoinsPerSecond:N0} joins/s), {stats.LateJoiners:N0} late; {stats.Admitted:N0} admitted at {options.AdmitPerMinute:N0}/min, "
            + $"opening → admission p50 {stats.AdmissionP50Ms / 1000:N1} s / p99 {stats.AdmissionP99Ms / 1000:N1} s; {stats.BookingsPerSecond:N1} bookings/s; "
            + $"rank correlation join ↔ admission {stats.RankCorrelation:N3} over {stats.CorrelatedUsers:N0} users; {stats.StillWaiting:N0} still waiting at the end; {stats.Polls:N0} polls"));
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"without admission: {stats.ProbeUsers:N0} users tried, answers {string.Join(", ", stats.ProbeAnswers.Select(p => $"{p.Key}: {p.Value:N0}"))}; bookings made without admission: {stats.BookingsWithoutAdmission:N0}"));
        if (!sale.SoldOut)
        {
            report.Notes.Add(sale.AbortReason ?? (deadline.IsCancellationRequested
                ? $"stopped after {options.MaxDuration.TotalSeconds:N0} s before the event sold out"
                : "every admitted user booked before the event sold out"));
        }

        await FlashSale.CheckAsync(report, target, [eventId], [recorder], observer, ct);
        return report;
    }

    internal static void Validate(SaleDayOptions options)
    {
        if (options.Seats is < 1 or > 1_000_000 || options.Users is < 1 or > 1_000_000)
        {
            throw new LoadGeneratorException("seats and users must be 1..1,000,000");
        }

        if (options.AdmitPerMinute is < 1 or > 100_000 || options.MaxQuantity is < 1 or > 10 || options.ProbeShare is < 0 or > 0.5)
        {
            throw new LoadGeneratorException("admit-per-minute must be 1..100,000, quantity 1..10, probe share 0..0.5");
        }
    }

    /// <summary>Which users never join and book anyway: a seeded choice of round(U × share), at least one when the share is positive.</summary>
    private static bool[] ChooseProbes(int users, double share, int seed)
    {
        var probes = new bool[users];
        var count = share <= 0 || users < 2 ? 0 : Math.Clamp((int)Math.Round(users * share), 1, users - 1);
        var order = Enumerable.Range(0, users).ToArray();
        new Random(seed).Shuffle(order);
        foreach (var i in order.AsSpan(0, count))
        {
            probes[i] = true;
        }

        return probes;
    }

    /// <summary>The running sale: shared stop flags, the users' admissions, the probes' answers.</summary>
    private sealed class SaleState : IDisposable
    {
        private readonly SaleDayOptions _options;
        private readonly EventlyApi _api;
        private readonly IReadOnlyList<string> _users;
        private readonly DateTimeOffset _salesStartAt;
        private readonly RunRecorder _recorder;
        private readonly CancellationTokenSource _stop;
        private readonly Uri _bookingUrl;
        private readonly Uri _queueMeUrl;
        private readonly DateTimeOffset?[] _admittedAt;
        private readonly bool[] _expired;
        private readonly bool[] _waiting;
        private readonly LatencyRecorder _admissions = new();
        private readonly ConcurrentDictionary<string, long> _probeAnswers = new(StringComparer.Ordinal);
        private long _withoutAdmission;
        private long _polls;
        private long _lastBookingTimestamp;
        private volatile bool _soldOut;
        private volatile string? _abortReason;

        public SaleState(SaleDayOptions options, EventlyApi api, Guid eventId, IReadOnlyList<string> users, DateTimeOffset salesStartAt, RunRecorder recorder, CancellationToken deadline)
        {
            _options = options;
            _api = api;
            _users = users;
            _salesStartAt = salesStartAt;
            _recorder = recorder;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            _bookingUrl = api.BookingUrl(eventId);
            _queueMeUrl = api.Url($"api/v1/events/{eventId}/queue/me");
            _admittedAt = new DateTimeOffset?[users.Count];
            _expired = new bool[users.Count];
            _waiting = new bool[users.Count];
        }

        public bool SoldOut => _soldOut;

        public string? AbortReason => _abortReason;

        private bool Stopped => _stop.IsCancellationRequested;

        /// <summary>A queued user: polls its place until admitted, then books once.</summary>
        public async Task QueuedUserAsync(int user, bool joined)
        {
            if (!joined)
            {
                return;
            }

            var random = new Random(_options.Seed + user);
            var authorization = _users[user];
            _waiting[user] = true;
            await DelayAsync(TimeSpan.FromMilliseconds(random.Next(0, 500)));
            while (!Stopped)
            {
                Interlocked.Increment(ref _polls);
                var place = await _api.QueuePlaceAsync(_queueMeUrl, authorization, CancellationToken.None);
                if (place.Status != 200)
                {
                    await RetryLaterAsync(place, "queue/me", random);
                    continue;
                }

                switch (JsonScan.String(place.Body, "status"))
                {
                    case "admitted" when JsonScan.String(place.Body, "admittedUntil") is { } until:
                        _waiting[user] = false;
                        var admittedAt = DateTimeOffset.Parse(until, CultureInfo.InvariantCulture) - TimeSpan.FromMinutes(AdmissionMinutes);
                        _admittedAt[user] = admittedAt;
                        _admissions.RecordMicros((long)Math.Max(1, (admittedAt - _salesStartAt).TotalMicroseconds));
                        await BookAsync(authorization, random);
                        return;
                    case "expired":
                        _waiting[user] = false;
                        _expired[user] = true;
                        return;
                    default:
                        var eta = JsonScan.Int64(place.Body, "estimatedWaitSeconds") ?? 1;
                        var pause = Math.Clamp(eta * 500.0, 200, _options.MaxPollInterval.TotalMilliseconds);
                        await DelayAsync(TimeSpan.FromMilliseconds(pause * (0.8 + (0.4 * random.NextDouble()))));
                        break;
                }
            }
        }

        /// <summary>A user who never joined the queue: one booking (repeated only on 429/503), whose answer is counted.</summary>
        public async Task ProbeAsync(int user)
        {
            var random = new Random(_options.Seed + user);
            await DelayAsync(TimeSpan.FromMilliseconds(random.Next(0, 1_000)));
            var key = Guid.NewGuid().ToString("N");
            for (var attempt = 0; attempt < 10 && !Stopped; attempt++)
            {
                var answer = await _api.BookAsync(_bookingUrl, _users[user], 1, key, CancellationToken.None);
                if (answer.Status is 429 or 503 || (answer.IsTransportError && !answer.TransportAmbiguous))
                {
                    await DelayAsync(Backoff.After429(answer.RetryAfter, random));
                    continue;
                }

                if (answer.Status is 200 or 201)
                {
                    Interlocked.Increment(ref _withoutAdmission);
                    if (JsonScan.Booking(answer.Body) is { } made)
                    {
                        _recorder.Confirm(made.Id, (int)(made.Quantity ?? 1));
                    }
                }

                _probeAnswers.AddOrUpdate(answer.IsSuccess ? $"{answer.Status} booked" : answer.ErrorKind, 1, static (_, n) => n + 1);
                return;
            }
        }

        /// <summary>One booking of 1..MaxQuantity seats; a lost or 503/504 answer is sent again with the same key.</summary>
        private async Task BookAsync(string authorization, Random random)
        {
            var quantity = random.Next(1, _options.MaxQuantity + 1);
            var key = Guid.NewGuid().ToString("N");
            for (var attempt = 1; !Stopped; attempt++)
            {
                _recorder.Attempt();
                var started = Stopwatch.GetTimestamp();
                var answer = await _api.BookAsync(_bookingUrl, authorization, quantity, key, CancellationToken.None);
                _recorder.Latency.RecordSince(started);
                switch (answer.Status)
                {
                    case 200 or 201 when JsonScan.Booking(answer.Body) is { } made:
                        _recorder.Confirm(made.Id, (int)(made.Quantity ?? quantity));
                        Interlocked.Exchange(ref _lastBookingTimestamp, Stopwatch.GetTimestamp());
                        return;
                    case 409 when answer.Code == "sold_out":
                        _recorder.SoldOutAnswer();
                        var available = (int)(JsonScan.Int64(answer.Body, "availableSeats") ?? 0);
                        if (available <= 0)
                        {
                            MarkSoldOut();
                            return;
                        }

                        // Fewer seats left than asked for: ask for what is left, as a new booking.
                        quantity = Math.Min(quantity, available);
                        key = Guid.NewGuid().ToString("N");
                        break;
                    case 429:
                        _recorder.RateLimitedAnswer();
                        await DelayAsync(Backoff.After429(answer.RetryAfter, random));
                        break;
                    case 503 or 504 or 0 when attempt < 5:
                        await DelayAsync(TimeSpan.FromMilliseconds(50 * attempt));
                        break;
                    default:
                        _recorder.Error(answer.ErrorKind, answer.IsAmbiguous);
                        if (_recorder.Errors >= 1_000 && _abortReason is null)
                        {
                            _abortReason = $"stopped after {_recorder.Errors} errors";
                            _stop.Cancel();
                        }

                        return;
                }
            }
        }

        private async Task RetryLaterAsync(ApiAnswer answer, string what, Random random)
        {
            if (answer.Status == 429)
            {
                _recorder.RateLimitedAnswer();
                await DelayAsync(Backoff.After429(answer.RetryAfter, random));
                return;
            }

            _recorder.Error($"{what} {answer.ErrorKind}", ambiguous: false);
            await DelayAsync(TimeSpan.FromMilliseconds(500));
        }

        private void MarkSoldOut()
        {
            _soldOut = true;
            _stop.Cancel();
        }

        public SaleDayStats Summarize(DateTimeOffset?[] joinedAt, bool[] probes, long openedTimestamp)
        {
            _admissions.DrainInterval();
            var admissions = _admissions.Total();
            var lastBooking = Interlocked.Read(ref _lastBookingTimestamp);
            var bookingSeconds = lastBooking == 0 ? 0 : Stopwatch.GetElapsedTime(openedTimestamp, lastBooking).TotalSeconds;

            // Pre-queued users (joined before the opening) who were admitted: their join order against their admission order.
            var fair = Enumerable.Range(0, joinedAt.Length)
                .Where(i => joinedAt[i] is { } at && at < _salesStartAt && _admittedAt[i] is not null)
                .ToList();
            var joinRank = Ranks.Of(fair.Select(i => (double)joinedAt[i]!.Value.UtcTicks).ToArray());
            var admitRank = Ranks.Of(fair.Select(i => (double)_admittedAt[i]!.Value.UtcTicks).ToArray());
            var stats = new SaleDayStats
            {
                AdmitPerMinute = _options.AdmitPerMinute,
                PreQueued = joinedAt.Count(at => at is { } t && t < _salesStartAt),
                LateJoiners = joinedAt.Count(at => at is { } t && t >= _salesStartAt),
                Admitted = _admittedAt.Count(a => a is not null),
                StillWaiting = _waiting.Count(w => w),
                ExpiredBeforeSeen = _expired.Count(e => e),
                AdmissionP50Ms = admissions.P50Ms,
                AdmissionP99Ms = admissions.P99Ms,
                AdmissionMaxMs = admissions.MaxMs,
                RankCorrelation = Math.Round(Ranks.Pearson(joinRank, admitRank), 4),
                CorrelatedUsers = fair.Count,
                Polls = Interlocked.Read(ref _polls),
                ProbeUsers = probes.Count(p => p),
                BookingsWithoutAdmission = Interlocked.Read(ref _withoutAdmission),
                BookingsPerSecond = bookingSeconds > 0 ? Math.Round(_recorder.Confirmed / bookingSeconds, 1) : 0,
            };
            foreach (var (kind, count) in _probeAnswers.OrderByDescending(p => p.Value))
            {
                stats.ProbeAnswers[kind] = count;
            }

            return stats;
        }

        public void Dispose() => _stop.Dispose();

        private async Task DelayAsync(TimeSpan delay)
        {
            try
            {
                await Task.Delay(delay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}

/// <summary>Spearman's rank correlation: Pearson's correlation of the ranks (ties share their average rank).</summary>
internal static class Ranks
{
    public static double[] Of(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var average = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = average;
            }

            start = end + 1;
        }

        return ranks;
    }

    /// <summary>Pearson's correlation; 0 when either side has no spread (fewer than two values, or all tied).</summary>
    public static double Pearson(double[] x, double[] y)
    {
        if (x.Length < 2)
        {
            return 0;
        }

        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}
