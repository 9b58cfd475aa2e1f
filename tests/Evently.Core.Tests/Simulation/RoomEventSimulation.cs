using Evently.Core.Batches;
using Evently.Core.Queues;
using Evently.Domain.Events;
using Evently.Domain.Sales;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// Runs one <see cref="RoomEventSchedule"/> against a waiting room (<see cref="WaitingRoomHost"/>) and its event
/// (<see cref="EventCore"/>) together, as their grains connect them: the room hands each stored admission to the event's
/// activation (a call that may fail, or reach the event and lose its answer), and an event activation pulls the room's
/// admissions as it starts. Joins come before and after the opening (the lottery), admissions at the pace expire and
/// their users rejoin, the room is let go after quiet spells and reloaded, either grain fails over (a second, stale
/// activation writing over the same store) or crashes, and admitted users book, hold, confirm, cancel (freeing seats
/// for the waitlist) and join the waitlist while promoted ones claim their seats. Every choice comes from the seed.
/// </summary>
internal sealed partial class RoomEventSimulation
{
    public static readonly Guid EventId = new("0190a3c4-0000-7000-8000-0000000000ce");
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const int MaxSteps = 5000;

    private readonly RoomEventSchedule _schedule;
    private readonly SimLoop _loop = new();
    private readonly List<(string What, Action Complete)> _io = [];
    private readonly List<string> _violations = [];
    private readonly List<string> _trace = [];
    private readonly bool _tracing;
    private readonly RoomStore _roomStore;
    private readonly List<WaitingRoomHost> _rooms = [];
    private readonly Dictionary<WaitingRoomHost, int> _roomIds = [];
    private readonly Guid[] _users = Enumerable.Range(1, 6).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
    private RoomEventActivation? _current;
    private RoomEventActivation? _stale;
    private int _activations;
    private bool _eventDown;
    private bool _settling;

    public RoomEventSimulation(RoomEventSchedule schedule, bool tracing = false)
    {
        _schedule = schedule;
        _tracing = tracing;
        Random = new Random(schedule.Seed);
        Clock = new SimClock(Epoch);
        Settings = new WaitingRoomSettings(schedule.AdmitPerMinute, schedule.AdmissionMinutes, OpensMinutesBefore: 30);
        var opens = Epoch.AddSeconds(schedule.OpensAfterSeconds);
        var sale = new SaleSettings(opens, opens.AddDays(1), null, Settings);
        _roomStore = new RoomStore(sale);
        Store = new SimStore(Violation);
        Store.Create(new EventRecord(EventId, Guid.Empty, "Launch", "", "Hall", opens.AddDays(2), SeatLedger.ForCapacity(schedule.Capacity), 10m, 10m,
            "fixed", EventStatus.Published, 1 + Math.Abs(schedule.Seed % 2), 1, Epoch, Epoch, sale, HoldMinutes: 1 + Math.Abs(schedule.Seed / 2 % 2)));
        Remember();
    }

    public Random Random { get; }

    public SimClock Clock { get; }

    public SimStore Store { get; }

    public WaitingRoomSettings Settings { get; }

    public IReadOnlyList<string> Trace => _trace;

    /// <summary>The chance of a fault of base probability <paramref name="p"/> at this schedule's level of hostility.</summary>
    public double Fault(double p) => _settling ? 0 : _schedule.Faults switch { 0 => 0, 1 => p / 4, 2 => p, _ => p * 2 };

    public void Violation(string what)
    {
        if (_violations.Count < 10)
        {
            _violations.Add($"{what} (at {Clock.Now:HH:mm:ss.fff})");
        }
    }

    public IReadOnlyList<string> Run()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_loop);
        try
        {
            var next = 0;
            for (var step = 0; step < MaxSteps && _violations.Count == 0 && (next < _schedule.Ops.Length || _loop.Ready > 0 || _io.Count > 0); step++)
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

            if (_violations.Count == 0)
            {
                Settle();
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        return _violations;
    }

    private void Do(RoomEventOp op)
    {
        Log($"{op}");
        var user = _users[op.User];
        switch (op.Kind)
        {
            case RoomEventOpKind.Join:
                _ = JoinAsync(PickRoom(), user);
                break;
            case RoomEventOpKind.RoomRead:
                _ = RoomReadAsync(PickRoom(), user);
                break;
            case RoomEventOpKind.Tick:
                Tick(PickRoom());
                break;
            case RoomEventOpKind.Advance:
                Clock.Advance(TimeSpan.FromMilliseconds(new[] { 50, 100, 100, 300, 600, 1000, 1000, 2500, 7000, 20_000 }[op.N]));
                break;
            case RoomEventOpKind.QuietSpell:
                // Nobody touches the room: its activation is let go, and time passes (up to several admissions long).
                _rooms.Clear();
                Clock.Advance(TimeSpan.FromSeconds(30 + 40 * op.N));
                break;
            case RoomEventOpKind.RoomFailover:
                _rooms.Add(OpenRoom());
                break;
            case RoomEventOpKind.RoomCrash:
                if (_rooms.Count > 0)
                {
                    _rooms.RemoveAt(_rooms.Count - 1);
                }

                break;
            case RoomEventOpKind.EventDown:
                _eventDown = !_eventDown;
                break;
            case RoomEventOpKind.EventCrash:
                if (_current is not null && !_settling)
                {
                    Log($"  event activation {_current.Number} crashes");
                    _current.Dead = true;
                    _current = null;
                }

                break;
            case RoomEventOpKind.EventFailover:
                if (_stale is null && _current is not null && !_settling)
                {
                    // Split brain: a second activation of the event, loaded now, that will fall behind.
                    _stale = NewActivation();
                }

                break;
            case RoomEventOpKind.EventTimers:
                FireTimers();
                break;
            default:
                _ = EventOpAsync(op, user);
                break;
        }
    }

    /// <summary>The room activation a call reaches: usually the newest; in a split brain any of them. A broken one is reloaded.</summary>
    private WaitingRoomHost PickRoom()
    {
        _rooms.RemoveAll(h => h.Broken);
        if (_rooms.Count == 0)
        {
            _rooms.Add(OpenRoom());
        }

        return _rooms.Count > 1 && Random.Next(2) == 0 ? _rooms[Random.Next(_rooms.Count)] : _rooms[^1];
    }

    private WaitingRoomHost OpenRoom()
    {
        var id = _roomIds.Count;
        var host = new WaitingRoomHost(EventId, new RoomPort(this, id), Clock, HandOffAsync) { MaxRows = 3 };
        _roomIds[host] = id;
        Log($"  room activation {id} opens at v{_roomStore.Version}");

        // The room store's loads complete at once: the activation is open when this returns.
        if (!host.OpenAsync().IsCompletedSuccessfully)
        {
            Violation("Opening a room did not complete at once.");
        }

        return host;
    }

    /// <summary>The event activation a call reaches: the current one (a new one when there is none or it broke), sometimes the stale twin.</summary>
    private RoomEventActivation RouteEvent(bool mayBeStale)
    {
        if (mayBeStale && _stale is { Dead: false } stale && !stale.Core.IsBroken && Random.Next(3) == 0)
        {
            return stale;
        }

        if (_current is null || _current.Core.IsBroken)
        {
            _current = NewActivation();
        }

        return _current;
    }

    private RoomEventActivation NewActivation()
    {
        var activation = new RoomEventActivation(this, ++_activations);
        Log($"  event activation {activation.Number} starts");
        activation.Ready = StartAsync(activation);
        return activation;
    }

    /// <summary>As the event grain starts: the core loads, then pulls the admissions of the room (which activates if need be).</summary>
    private async Task StartAsync(RoomEventActivation activation)
    {
        await activation.Core.ActivateAsync();
        var room = PickRoom();
        var pulled = await room.AdmissionsAsync();
        Log($"  event activation {activation.Number} pulls {pulled.Count} admissions from room activation {_roomIds[room]}{(room.Version != _roomStore.Version ? " (behind its store)" : "")}");
        activation.Admit(pulled);
        if (activation == _current)
        {
            CheckStarted(activation);
        }
    }

    private void Forget(RoomEventActivation activation)
    {
        if (_current == activation)
        {
            _current = null;
        }

        if (_stale == activation)
        {
            _stale = null;
        }
    }

    /// <summary>
    /// The room's call to the event: a message that may not arrive (the event down, a timeout), may activate the event,
    /// and may deliver its admissions and still lose the answer.
    /// </summary>
    private async Task HandOffAsync(IReadOnlyList<(Guid UserId, DateTimeOffset Until)> admissions)
    {
        await Transit("hand-off");
        var activation = RouteEvent(mayBeStale: false);
        try
        {
            await activation.Ready!;
        }
        catch (IOException)
        {
            Forget(activation);
            throw new TimeoutException("The event grain could not activate.");
        }

        if (activation.Dead)
        {
            throw new TimeoutException("The event grain is gone.");
        }

        Log($"  event activation {activation.Number} is told of {string.Join(", ", admissions.Select(a => $"{Name(a.UserId)} until {a.Until:HH:mm:ss.fff}"))}");
        activation.Admit(admissions);
        await Transit("hand-off answer");
    }

    /// <summary>A message between the grains: delivered, or lost (the caller times out) while the event is down or by chance.</summary>
    private Task Transit(string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _io.Add((what, () =>
        {
            if (_eventDown || Random.NextDouble() < Fault(0.1))
            {
                done.SetException(new TimeoutException($"The {what} was lost."));
            }
            else
            {
                done.SetResult();
            }
        }));
        return done.Task;
    }

    /// <summary>Starts an event I/O that the schedule completes later; an activation whose process is gone starts none.</summary>
    public Task<T> Io<T>(RoomEventActivation owner, string what, Action<TaskCompletionSource<T>, Random> complete)
    {
        if (owner.Dead)
        {
            return Task.FromException<T>(new IOException("the activation's process is gone"));
        }

        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _io.Add(($"{what} of event activation {owner.Number}", () => complete(tcs, Random)));
        return tcs.Task;
    }

    private void CompleteOne()
    {
        var index = Random.Next(_io.Count);
        var (what, complete) = _io[index];
        _io.RemoveAt(index);
        Log($"  complete {what}");
        complete();
    }

    private void FireTimers()
    {
        foreach (var activation in new[] { _current, _stale })
        {
            if (activation is { Dead: false, TimerDue: { } due, Ready.IsCompletedSuccessfully: true } && due <= Clock.Now)
            {
                activation.ClearTimer();
                _ = activation.Core.ExpireDueAsync();
            }
        }

        if (_current is { Dead: false, Ready.IsCompletedSuccessfully: true } current)
        {
            _ = current.Core.ReminderTickedAsync();
        }
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

    /// <summary>Faults stop, the event is reachable, one room activation remains: every stored admission must reach the event.</summary>
    private void Settle()
    {
        _settling = true;
        _eventDown = false;
        Drain();
        _rooms.RemoveAll(h => h.Broken || h.Version != _roomStore.Version);
        while (_rooms.Count > 1)
        {
            _rooms.RemoveAt(0);
        }

        var room = PickRoom();
        for (var tick = 0; tick < 5 && _violations.Count == 0; tick++)
        {
            FireTimers();
            Tick(room);
            Drain();
            Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var activation = RouteEvent(mayBeStale: false);
        Drain();
        var now = Clock.Now;
        if (activation.Ready is { IsCompletedSuccessfully: true })
        {
            foreach (var entry in _roomStore.Entries.Values.Where(e => e.StatusAt(now) == QueueEntry.Admitted))
            {
                if (!activation.Admits(entry.UserId, now) || activation.Knows[entry.UserId] != entry.AdmittedUntil)
                {
                    Violation($"The stored admission of {Name(entry.UserId)} (until {entry.AdmittedUntil:O}) never reached the event.");
                }
            }
        }
        else
        {
            Violation($"Event activation {activation.Number} did not start once faults stopped.");
        }

        CheckPace();
    }

    private string Name(Guid user) => $"u{Array.IndexOf(_users, user)}";

    private void Log(string line)
    {
        if (_tracing)
        {
            _trace.Add($"{Clock.Now:HH:mm:ss.fff} {line}");
        }
    }

    /// <summary>The room's store as a room activation sees it: loads at once, writes completing when the schedule says, perhaps failing.</summary>
    private sealed class RoomPort(RoomEventSimulation sim, int host) : IQueueStore
    {
        public Task<SaleSettings?> LoadSaleAsync(Guid eventId, CancellationToken cancellationToken = default) => sim._roomStore.LoadSaleAsync(eventId, cancellationToken);

        public Task<StoredRoom> LoadAsync(Guid eventId, CancellationToken cancellationToken = default) => sim._roomStore.LoadAsync(eventId, cancellationToken);

        public Task<long> SaveAsync(Guid eventId, long expectedVersion, IReadOnlyList<QueueEntry> entries, IReadOnlyList<OutboxMessage> notifications,
            CancellationToken cancellationToken = default)
        {
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            sim._io.Add(($"room save v{expectedVersion} of room activation {host} [{string.Join(", ", entries.Select(e => $"{sim.Name(e.UserId)}:{e.Status}"))}]", () =>
            {
                var roll = sim.Random.NextDouble();
                sim._roomStore.NextWrite = roll < sim.Fault(0.05) ? StoreFault.BeforeCommit : roll < sim.Fault(0.1) ? StoreFault.AfterCommit : StoreFault.None;
                var saved = sim._roomStore.SaveAsync(eventId, expectedVersion, entries, notifications, cancellationToken);
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
