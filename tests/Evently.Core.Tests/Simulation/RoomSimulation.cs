using Evently.Core.Batches;
using Evently.Core.Queues;
using Evently.Domain.Sales;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// Runs one <see cref="RoomSchedule"/> against <see cref="WaitingRoomHost"/>: joins before and after the opening (the
/// lottery), admissions at the pace and their expiry, rejoins, quiet spells after which the room is reloaded from its
/// store, failovers that leave a stale second activation writing over the same store, crashes, store writes that fail
/// before or after their commit, and an event grain that may not be reached. Every choice comes from the schedule's
/// seed, so a run replays exactly; I/O completes in any order the seed picks.
/// </summary>
internal sealed partial class RoomSimulation
{
    private static readonly Guid EventId = new("0190a3c4-0000-7000-8000-0000000000cc");
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const int MaxSteps = 4000;

    private readonly RoomSchedule _schedule;
    private readonly SimLoop _loop = new();
    private readonly List<(string What, Action Complete)> _io = [];
    private readonly List<WaitingRoomHost> _hosts = [];
    private readonly Dictionary<Guid, DateTimeOffset> _eventKnows = [];
    private readonly Dictionary<WaitingRoomHost, int> _ids = [];

    // Every entry a write stored, with the activation that wrote it.
    private readonly List<(int Host, QueueEntry Entry)> _applied = [];

    // Joins in flight: (activation, user, when).
    private readonly List<(int Host, Guid User, DateTimeOffset At)> _joining = [];
    private readonly List<string> _violations = [];
    private readonly List<string> _trace = [];
    private readonly bool _tracing;
    private readonly RoomStore _store;
    private readonly Guid[] _users = Enumerable.Range(1, 8).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
    private bool _eventDown;
    private bool _settling;

    public RoomSimulation(RoomSchedule schedule, bool tracing = false)
    {
        _schedule = schedule;
        _tracing = tracing;
        Random = new Random(schedule.Seed);
        Clock = new SimClock(Epoch);
        Settings = new WaitingRoomSettings(schedule.AdmitPerMinute, schedule.AdmissionMinutes, OpensMinutesBefore: 30);
        var opens = Epoch.AddSeconds(schedule.OpensAfterSeconds);
        _store = new RoomStore(SaleSettings.Default(opens, opens.AddDays(1)) with { WaitingRoom = Settings });
    }

    public Random Random { get; }

    public SimClock Clock { get; }

    public WaitingRoomSettings Settings { get; }

    public IReadOnlyList<string> Trace => _trace;

    private double Fault(double p) => _settling ? 0 : _schedule.Faults switch { 0 => 0, 1 => p / 4, 2 => p, _ => p * 2 };

    public IReadOnlyList<string> Run()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_loop);
        try
        {
            var next = 0;
            for (var step = 0; step < MaxSteps && (next < _schedule.Ops.Length || _loop.Ready > 0 || _io.Count > 0); step++)
            {
                var choice = Random.Next(3);
                if (next < _schedule.Ops.Length && (choice == 0 || _loop.Ready + _io.Count == 0))
                {
                    Do(_schedule.Ops[next++]);
                }
                else if (_loop.Ready > 0 && (choice == 1 || _io.Count == 0))
                {
                    _loop.RunOne(Random);
                }
                else if (_io.Count > 0)
                {
                    CompleteOne();
                }
            }

            Settle();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        return _violations;
    }

    private void Do(RoomOp op)
    {
        Log($"{Clock.Now:HH:mm:ss.fff} {op}");
        switch (op.Kind)
        {
            case RoomOpKind.Join:
                _ = JoinAsync(Pick(), _users[op.User]);
                break;
            case RoomOpKind.Read:
                _ = ReadAsync(Pick(), _users[op.User]);
                break;
            case RoomOpKind.Tick:
                Tick(Pick());
                break;
            case RoomOpKind.Advance:
                Clock.Advance(TimeSpan.FromMilliseconds(new[] { 50, 100, 100, 100, 300, 600, 1000, 1000, 2500, 7000 }[op.N]));
                break;
            case RoomOpKind.QuietSpell:
                // Nobody touches the room: its activation is let go, and time passes (up to several admissions long).
                _hosts.Clear();
                Clock.Advance(TimeSpan.FromSeconds(30 + 40 * op.N));
                break;
            case RoomOpKind.Failover:
                // A second activation over the same store while the first one still runs (a split brain).
                _hosts.Add(Open());
                break;
            case RoomOpKind.Crash:
                if (_hosts.Count > 0)
                {
                    _hosts.RemoveAt(_hosts.Count - 1);
                }

                break;
            case RoomOpKind.EventDown:
                _eventDown = !_eventDown;
                break;
        }
    }

    /// <summary>The activation a call reaches: usually the newest; in a split brain any of them. A broken one is reloaded.</summary>
    private WaitingRoomHost Pick()
    {
        _hosts.RemoveAll(h => h.Broken);
        if (_hosts.Count == 0)
        {
            _hosts.Add(Open());
        }

        return _hosts.Count > 1 && Random.Next(2) == 0 ? _hosts[Random.Next(_hosts.Count)] : _hosts[^1];
    }

    private WaitingRoomHost Open()
    {
        var id = _ids.Count;
        var host = new WaitingRoomHost(EventId, new Port(this, id), Clock, HandOff) { MaxRows = 3 };
        _ids[host] = id;

        // The store's loads complete at once: the activation is open when this returns.
        var opening = host.OpenAsync();
        if (!opening.IsCompletedSuccessfully)
        {
            _violations.Add("Opening a room did not complete at once.");
        }

        return host;
    }

    private Task HandOff(IReadOnlyList<(Guid UserId, DateTimeOffset Until)> admissions)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _io.Add(("hand-off", () =>
        {
            var reached = !_eventDown && Random.NextDouble() >= Fault(0.2);
            if (reached || Random.Next(2) == 0)
            {
                // Reached, or reached with its answer lost: either way the event knows now.
                foreach (var (user, until) in admissions)
                {
                    _eventKnows[user] = until;
                }
            }

            if (reached)
            {
                done.SetResult();
            }
            else
            {
                done.SetException(new TimeoutException("The event grain did not answer."));
            }
        }));
        return done.Task;
    }

    private void CompleteOne()
    {
        var index = Random.Next(_io.Count);
        var (what, complete) = _io[index];
        _io.RemoveAt(index);
        Log($"  complete {what}");
        complete();
    }

    private void Drain()
    {
        for (var step = 0; step < MaxSteps && (_loop.Ready > 0 || _io.Count > 0); step++)
        {
            if (_loop.Ready > 0 && (_io.Count == 0 || Random.Next(2) == 0))
            {
                _loop.RunOne(Random);
            }
            else
            {
                CompleteOne();
            }
        }
    }

    /// <summary>Faults stop, the event is reachable, one activation remains: the room must catch up and agree with its store.</summary>
    private void Settle()
    {
        _settling = true;
        _eventDown = false;
        Drain();
        _hosts.RemoveAll(h => h.Broken);
        while (_hosts.Count > 1)
        {
            _hosts.RemoveAt(0);
        }

        var host = Pick();
        if (host.Version != _store.Version)
        {
            // A stale activation that never wrote again: the next write would fail it; reload as the grain would.
            _hosts.Clear();
            host = Pick();
        }

        for (var tick = 0; tick < 5; tick++)
        {
            Tick(host);
            Drain();
            CheckQuiet(host);
            Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var now = Clock.Now;
        foreach (var entry in _store.Entries.Values.Where(e => e.StatusAt(now) == QueueEntry.Admitted))
        {
            if (!_eventKnows.TryGetValue(entry.UserId, out var until) || until != entry.AdmittedUntil)
            {
                _violations.Add($"The stored admission of {entry.UserId} (until {entry.AdmittedUntil:O}) never reached the event.");
            }
        }

        CheckPace();
    }

    private void Log(string line)
    {
        if (_tracing)
        {
            _trace.Add(line);
        }
    }

    /// <summary>The store as the room's host sees it: loads at once, writes completing when the schedule says, perhaps failing.</summary>
    private sealed class Port(RoomSimulation sim, int host) : IQueueStore
    {
        public Task<SaleSettings?> LoadSaleAsync(Guid eventId, CancellationToken cancellationToken = default) => sim._store.LoadSaleAsync(eventId, cancellationToken);

        public Task<StoredRoom> LoadAsync(Guid eventId, CancellationToken cancellationToken = default) => sim._store.LoadAsync(eventId, cancellationToken);

        public Task<long> SaveAsync(Guid eventId, long expectedVersion, IReadOnlyList<QueueEntry> entries, IReadOnlyList<OutboxMessage> notifications,
            CancellationToken cancellationToken = default)
        {
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            sim._io.Add(($"save v{expectedVersion} [{string.Join(", ", entries.Select(e => $"{e.UserId.ToString()[..8]}:{e.Status}"))}]", () =>
            {
                var roll = sim.Random.NextDouble();
                var fault = roll < sim.Fault(0.05) ? StoreFault.BeforeCommit : roll < sim.Fault(0.1) ? StoreFault.AfterCommit : StoreFault.None;
                sim._store.NextWrite = fault;
                var saved = sim._store.SaveAsync(eventId, expectedVersion, entries, notifications, cancellationToken);
                if (saved.IsCompletedSuccessfully || saved.Exception?.InnerException is Ports.EventStoreException { Failure: Ports.StoreFailure.Unknown })
                {
                    sim._applied.AddRange(entries.Select(e => (host, e)));
                }
                if (saved.IsCompletedSuccessfully)
                {
                    done.SetResult(saved.Result);
                }
                else
                {
                    done.SetException(saved.Exception!.InnerException!);
                }
            }));
            return done.Task;
        }
    }
}
