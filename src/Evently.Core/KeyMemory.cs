using Evently.Domain.Bookings;
using Evently.Core.Answers;
using Evently.Core.Ports;

namespace Evently.Core;

/// <summary>
/// The idempotency keys of one event. Recent ones stay in memory, bounded in time and count (<see cref="EventCoreOptions.KeyWindow"/>,
/// <see cref="EventCoreOptions.MaxKeys"/>); a key not in memory is looked up in the store, many keys in one query while
/// the previous query runs, so a replay finds its original booking however old it is and activation loads no keys.
/// <para>A key is forgotten only once its request is settled and every lookup under way began after that: a lookup
/// that began earlier may read a snapshot without the booking, and its requester must still find the key here.</para>
/// </summary>
internal sealed class KeyMemory(Guid eventId, IEventStore store, TimeProvider time, EventCoreOptions options, Func<long> committedVersion)
{
    private readonly Dictionary<(Guid User, string Key), KeyedRequest> _known = [];
    private readonly Queue<((Guid User, string Key) Key, KeyedRequest Request)> _byAge = new();
    private readonly Dictionary<(Guid User, string Key), Task<Booking?>> _lookingUp = [];
    private List<(Guid UserId, string Key)>? _waiting;
    private TaskCompletionSource<Dictionary<(Guid, string), Booking>>? _next;
    private bool _running;
    private long? _lookupFrom;

    /// <summary>Keys held in memory.</summary>
    public int Count => _known.Count;

    /// <summary>Keys being looked up (each a request not yet decided).</summary>
    public int LookingUp => _lookingUp.Count;

    /// <summary>The request this key was first used for, while it is in memory.</summary>
    public KeyedRequest? Find(Guid userId, string key) => _known.GetValueOrDefault((userId, key));

    /// <summary>Remembers the first request made with this key; forgets the oldest settled ones beyond the window.</summary>
    public void Remember(Guid userId, string key, int quantity, Task<BookingAnswer> answer)
    {
        var request = new KeyedRequest(quantity, answer, time.GetUtcNow());
        _known[(userId, key)] = request;
        _byAge.Enqueue(((userId, key), request));
        Forget();
    }

    /// <summary>The booking made with this key as the store holds it, looked up with whatever other keys wait meanwhile.</summary>
    public Task<Booking?> LookUpAsync(Guid userId, string key)
    {
        if (_lookingUp.TryGetValue((userId, key), out var pending))
        {
            return pending;
        }

        (_waiting ??= []).Add((userId, key));
        _next ??= new TaskCompletionSource<Dictionary<(Guid, string), Booking>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = AwaitOneAsync(_next.Task, (userId, key));
        _lookingUp[(userId, key)] = task;
        if (!_running)
        {
            _running = true;
            _ = RunLookupsAsync();
        }

        return task;
    }

    private async Task<Booking?> AwaitOneAsync(Task<Dictionary<(Guid, string), Booking>> lookup, (Guid, string) key)
    {
        try
        {
            return (await lookup).GetValueOrDefault(key);
        }
        finally
        {
            _lookingUp.Remove(key);
        }
    }

    private async Task RunLookupsAsync()
    {
        try
        {
            // Let the requests already queued join the first lookup; later ones wait for the next.
            await Task.Yield();
            while (_waiting is { } keys)
            {
                var done = _next!;
                _waiting = null;
                _next = null;
                _lookupFrom = committedVersion();
                try
                {
                    var found = await store.FindKeyedBookingsAsync(eventId, keys);
                    done.SetResult(found.ToDictionary(b => (b.UserId, b.IdempotencyKey!)));
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
                finally
                {
                    _lookupFrom = null;
                }
            }
        }
        finally
        {
            _running = false;
        }
    }

    private void Forget()
    {
        var now = time.GetUtcNow();
        while (_byAge.TryPeek(out var oldest))
        {
            var (key, request) = oldest;
            if (!ReferenceEquals(_known.GetValueOrDefault(key), request))
            {
                _byAge.Dequeue();
                continue;
            }

            if ((_known.Count <= options.MaxKeys && now - request.At < options.KeyWindow) || !request.Answer.IsCompleted)
            {
                return;
            }

            // Seen settled at this version or later: a lookup that began at an older version may not see its booking.
            request.SettledBy ??= committedVersion();
            if (_lookupFrom is { } from && request.SettledBy > from)
            {
                return;
            }

            _byAge.Dequeue();
            _known.Remove(key);
        }
    }
}

/// <summary>The first request made with a key: its quantity, its answer, when it came, and the version it was seen settled by.</summary>
internal sealed record KeyedRequest(int Quantity, Task<BookingAnswer> Answer, DateTimeOffset At)
{
    public long? SettledBy { get; set; }
}
