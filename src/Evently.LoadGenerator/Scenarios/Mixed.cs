using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>Mixed load over many events: browse, book, cancel, join the waitlist.</summary>
public static class Mixed
{
    private static readonly byte[] WaitlistBody = "{\"quantity\":1}"u8.ToArray();

    /// <summary>Creates the events, runs the clients for the duration, checks every event in the database.</summary>
    public static async Task<ScenarioReport> RunAsync(MixedOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var weights = new[] { options.BrowseWeight, options.BookWeight, options.CancelWeight, options.WaitlistWeight };
        if (options.Events < 1 || options.Clients < 1 || options.Users < 1 || weights.Any(w => w < 0) || weights.Sum() == 0
            || options.EventSeats < 1 || options.HotEventSeats < 1)
        {
            throw new LoadGeneratorException("mixed needs events, clients, users and seats ≥ 1 and non-negative weights that are not all 0");
        }

        var target = options.Target;
        var observer = options.Observer;
        using var context = ApiContext.Create(target, options.Clients);
        var api = context.Api;
        var session = options.Session ?? await UserSession.PrepareAsync(api, target, options.Users, observer is null ? null : observer.Phase, ct);

        await session.AddOrganizersAsync(api, target, Math.Max(1, options.Organizers), observer is null ? null : observer.Phase, ct);
        var organizers = session.Organizers;
        var hotCount = (int)Math.Round(options.Events * Math.Clamp(options.HotShare, 0, 1));
        var events = new Guid[options.Events];
        var created = 0;
        observer?.Phase($"creating {options.Events:N0} events ({hotCount} hot) under {organizers.Count} organizers");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Events), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, target.SetupParallelism), CancellationToken = ct },
            async (i, token) =>
            {
                var hot = i < hotCount;
                events[i] = await api.CreateEventAsync(organizers[i % organizers.Count], $"Mixed {stamp} #{i + 1}{(hot ? " (hot)" : "")}",
                    $"Venue {i % 37}", hot ? options.HotEventSeats : options.EventSeats, 25m + (i % 10), token, daysAhead: 7 + (i % 365) + (i % 24 / 24.0));
                var n = Interlocked.Increment(ref created);
                if (n % 200 == 0)
                {
                    observer?.Phase($"creating events: {n}/{options.Events}");
                }
            });

        var recorder = new RunRecorder("mixed")
        {
            Memory = target.ServerPid is { } pid ? new ServerMemoryProbe(pid) : null,
            Cpu = target.CpuProbe(),
            ProgressTotal = options.Duration.TotalSeconds,
            ProgressBySeconds = true,
        };
        var ops = new Dictionary<Op, OpStats>();
        foreach (var op in Enum.GetValues<Op>())
        {
            ops[op] = new OpStats();
        }

        var world = new World(api, session, events, hotCount, weights, recorder, ops);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        observer?.Running(recorder);
        deadline.CancelAfter(options.Duration);
        await recorder.RunClientsAsync(options.Clients, client => ClientLoopAsync(client, options.Seed + client, world, deadline.Token));
        ct.ThrowIfCancellationRequested();

        var report = new ScenarioReport
        {
            Scenario = "mixed",
            Model = "closed",
            Clients = options.Clients,
            Users = session.UserAuthorizations.Count,
            Seats = ((long)hotCount * options.HotEventSeats) + ((long)(options.Events - hotCount) * options.EventSeats),
        };
        recorder.FillReport(report);
        report.Operations = ops.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value.ToStats());
        report.Notes.Add($"{options.Events} events under {organizers.Count} organizers ({hotCount} hot of {options.HotEventSeats} seats, others {options.EventSeats}); weights browse/book/cancel/waitlist = {string.Join('/', weights)}");
        await FlashSale.CheckAsync(report, target, events, [recorder], observer, ct);
        return report;
    }

    private static async Task ClientLoopAsync(int client, int seed, World world, CancellationToken ct)
    {
        var random = new Random(seed);
        var authorization = world.Session.UserAuthorizations[client % world.Session.UserAuthorizations.Count];
        var mine = new List<Guid>();
        var totalWeight = world.Weights.Sum();
        while (!ct.IsCancellationRequested)
        {
            var pick = random.Next(totalWeight);
            var op = Op.Browse;
            for (var i = 0; i < world.Weights.Length; i++)
            {
                if (pick < world.Weights[i])
                {
                    op = (Op)i;
                    break;
                }

                pick -= world.Weights[i];
            }

            if (op == Op.Cancel && mine.Count == 0)
            {
                op = Op.Book;
            }

            if (op == Op.Waitlist && world.HotCount == 0)
            {
                op = Op.Browse;
            }

            try
            {
                await RunOneAsync(op, random, authorization, mine, world, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private static async Task RunOneAsync(Op op, Random random, string authorization, List<Guid> mine, World world, CancellationToken ct)
    {
        var api = world.Api;
        var stats = world.Ops[op];
        var recorder = world.Recorder;
        ApiAnswer answer;
        Guid cancelled = default;
        // In-flight requests are never cancelled at the deadline: a cancelled booking could still commit unacknowledged.
        var started = Stopwatch.GetTimestamp();
        recorder.Attempt();
        stats.Attempt();
        switch (op)
        {
            case Op.Browse:
                answer = await api.SendAsync(HttpMethod.Get, random.Next(2) == 0
                    ? world.ListPages[random.Next(world.ListPages.Length)]
                    : world.Urls[world.RandomEventIndex(random, hotBias: 0.1)].Event, null, null, null, CancellationToken.None, successBody: false);
                break;
            case Op.Book:
                answer = await api.BookAsync(world.Urls[world.RandomEventIndex(random, hotBias: 0.3)].Booking, authorization, random.Next(1, 3), CancellationToken.None);
                break;
            case Op.Cancel:
                var index = random.Next(mine.Count);
                cancelled = mine[index];
                mine[index] = mine[^1];
                mine.RemoveAt(mine.Count - 1);
                answer = await api.SendAsync(HttpMethod.Post, api.Url($"api/v1/bookings/{cancelled}/cancel"), authorization, null, null, CancellationToken.None, successBody: false);
                break;
            default:
                answer = await api.SendAsync(HttpMethod.Post, world.Urls[random.Next(world.HotCount)].Waitlist, authorization, WaitlistBody, null, CancellationToken.None, successBody: false);
                break;
        }

        var micros = LatencyRecorder.ToMicros(Stopwatch.GetTimestamp() - started);
        recorder.Latency.RecordMicros(micros);
        stats.Latency.RecordMicros(micros);
        if (answer.Status == 429)
        {
            recorder.RateLimitedAnswer();
            stats.RateLimited();
            await Task.Delay(Backoff.After429(answer.RetryAfter, random), ct);
            return;
        }

        if (answer.IsSuccess)
        {
            stats.Succeeded();
            if (op == Op.Book)
            {
                if (answer.Status == 201 && JsonScan.Booking(answer.Body) is { } made)
                {
                    recorder.Confirm(made.Id, (int)(made.Quantity ?? 1));
                    mine.Add(made.Id);
                }
            }
            else if (op == Op.Cancel)
            {
                recorder.CancelledByClient.Enqueue(cancelled);
            }

            return;
        }

        var code = answer.Code;
        var conflict = (op, answer.Status, code) switch
        {
            (Op.Book, 409, "sold_out" or "event_not_bookable") => true,
            (Op.Waitlist, 409, "seats_available" or "already_waitlisted" or "event_not_bookable") => true,
            _ => false,
        };
        if (conflict)
        {
            stats.Conflict();
            if (code == "sold_out")
            {
                recorder.SoldOutAnswer();
            }

            return;
        }

        stats.Error();
        recorder.Error($"{op.ToString().ToLowerInvariant()} {answer.ErrorKind}", answer.IsAmbiguous);
        if (op == Op.Cancel && answer.IsAmbiguous)
        {
            // Unknown whether it was cancelled: keep it out of the expected-confirmed set by counting it as cancelled.
            recorder.CancelledByClient.Enqueue(cancelled);
        }
        else if (op == Op.Cancel)
        {
            mine.Add(cancelled);
        }
    }

    private sealed record EventUrls(Uri Event, Uri Booking, Uri Waitlist);

    private enum Op
    {
        Browse,
        Book,
        Cancel,
        Waitlist,
    }

    private sealed class World(EventlyApi api, UserSession session, Guid[] events, int hotCount, int[] weights, RunRecorder recorder, Dictionary<Op, OpStats> ops)
    {
        /// <summary>Every URL a client calls, parsed once before the clock starts (a Uri per request costs the client CPU).</summary>
        public EventUrls[] Urls { get; } = [.. events.Select(id => new EventUrls(
            api.Url($"api/v1/events/{id}"), api.BookingUrl(id), api.Url($"api/v1/events/{id}/waitlist")))];

        /// <summary>The first five pages of browse.</summary>
        public Uri[] ListPages { get; } = [.. Enumerable.Range(1, 5).Select(p => api.Url($"api/v1/events?page={p}&pageSize=20"))];

        public EventlyApi Api => api;

        public UserSession Session => session;

        public Guid[] Events => events;

        public int HotCount => hotCount;

        public int[] Weights => weights;

        public RunRecorder Recorder => recorder;

        public Dictionary<Op, OpStats> Ops => ops;

        public int RandomEventIndex(Random random, double hotBias) =>
            hotCount > 0 && random.NextDouble() < hotBias ? random.Next(hotCount) : random.Next(events.Length);
    }

    private sealed class OpStats
    {
        private long _attempts;
        private long _succeeded;
        private long _conflicts;
        private long _rateLimited;
        private long _errors;

        public LatencyRecorder Latency { get; } = new();

        public void Attempt() => Interlocked.Increment(ref _attempts);

        public void Succeeded() => Interlocked.Increment(ref _succeeded);

        public void Conflict() => Interlocked.Increment(ref _conflicts);

        public void RateLimited() => Interlocked.Increment(ref _rateLimited);

        public void Error() => Interlocked.Increment(ref _errors);

        public OperationStats ToStats()
        {
            Latency.DrainInterval();
            return new OperationStats
            {
                Attempts = Interlocked.Read(ref _attempts),
                Succeeded = Interlocked.Read(ref _succeeded),
                Conflicts = Interlocked.Read(ref _conflicts),
                RateLimited = Interlocked.Read(ref _rateLimited),
                Errors = Interlocked.Read(ref _errors),
                Latency = Latency.Total(),
            };
        }
    }
}
