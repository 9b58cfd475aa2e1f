namespace Evently.Core.Taking;

/// <summary>
/// The idempotency keys of one event's bookings (or of its holds: one memory per kind of request). Recent ones stay in memory, bounded in time and count (<see cref="EventCoreOptions.KeyWindow"/>,
/// <see cref="EventCoreOptions.MaxKeys"/>); a key not in memory is looked up in the store, many keys in one query while
/// the previous query runs, so a replay finds its original booking however old it is and activation loads no keys.
/// <para>A key is forgotten only once its request is settled and every lookup under way began after that: a lookup
/// that began earlier may read a snapshot without the booking, and its requester must still find the key here.</para>
/// </summary>
internal sealed class KeyMemory<TRecord, TAnswer>(
    Func<IReadOnlyCollection<(Guid UserId, string Key)>, Task<IReadOnlyList<TRecord>>> find, Func<TRecord, (Guid UserId, string Key)> keyOf,
    TimeProvider time, EventCoreOptions options, Func<long> committedVersion)
    where TRecord : class
{
    private readonly Dictionary<(Guid User, string Key), KeyedRequest<TAnswer>> _known = [];
    private readonly Queue<((Guid User, string Key) Key, KeyedRequest<TAnswer> Request)> _byAge = new();
    private readonly Dictionary<(Guid User, string Key), KeyLookup<TRecord>> _unanswered = [];
    private readonly List<KeyLookup<TRecord>> _held = [];
    private KeyLookup<TRecord>? _next;
    private bool _running;

    /// <summary>Keys held in memory.</summary>
    public int Count => _known.Count;

    /// <summary>Requests between asking for a lookup and deciding on its answer.</summary>
    public int LookingUp { get; private set; }

    /// <summary>The request this key was first used for, while it is in memory.</summary>
    public KeyedRequest<TAnswer>? Find(Guid userId, string key) => _known.GetValueOrDefault((userId, key));

    /// <summary>Remembers the first request made with this key; forgets the oldest settled ones beyond the window.</summary>
    public void Remember(Guid userId, string key, RequestShape asked, Task<TAnswer> answer)
    {
        var request = new KeyedRequest<TAnswer>(asked, answer, time.GetUtcNow());
        _known[(userId, key)] = request;
        _byAge.Enqueue(((userId, key), request));
        Forget();
    }

    /// <summary>
    /// Asks the store for the booking made with this key, in one query with whatever other keys wait meanwhile. The
    /// caller holds the lookup until it has decided on the answer and must then <see cref="Release"/> it: until then no
    /// key settled after the lookup began is forgotten, as its snapshot may not hold it.
    /// </summary>
    public KeyLookup<TRecord> LookUp(Guid userId, string key)
    {
        if (!_unanswered.TryGetValue((userId, key), out var lookup))
        {
            if (_next is null)
            {
                _next = new KeyLookup<TRecord>();
                _held.Add(_next);
            }

            lookup = _next;
            lookup.Keys.Add((userId, key));
            _unanswered[(userId, key)] = lookup;
            if (!_running)
            {
                _running = true;
                _ = RunLookupsAsync();
            }
        }

        lookup.Holders++;
        LookingUp++;
        return lookup;
    }

    /// <summary>The caller has decided on its lookup's answer.</summary>
    public void Release(KeyLookup<TRecord> lookup)
    {
        LookingUp--;
        if (--lookup.Holders == 0)
        {
            _held.Remove(lookup);
        }
    }

    private async Task RunLookupsAsync()
    {
        try
        {
            // Let the requests already queued join the first lookup; later ones wait for the next.
            await Task.Yield();
            while (_next is { } lookup)
            {
                _next = null;
                lookup.From = committedVersion();
                try
                {
                    var found = await find(lookup.Keys);
                    lookup.Done.SetResult(found.ToDictionary(keyOf));
                }
#pragma warning disable CA1031 // the waiting requests must hear the failure, whatever the lookup threw
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    lookup.Done.SetException(ex);
                }

                foreach (var key in lookup.Keys)
                {
                    _unanswered.Remove(key);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>The committed version the oldest lookup under way began at (one not begun yet will begin later); null when none.</summary>
    public long? OldestLookup
    {
        get
        {
            long? oldest = null;
            foreach (var lookup in _held)
            {
                if (lookup.From is { } from && (oldest is null || from < oldest))
                {
                    oldest = from;
                }
            }

            return oldest;
        }
    }

    /// <summary>
    /// The record made with this key changed for good (a booking cancelled, a hold settled): a replay from memory tells
    /// it as it now stands, once memory no longer keeps the change itself.
    /// </summary>
    public void Restate(Guid userId, string key, Func<TAnswer, TAnswer> restate)
    {
        if (_known.GetValueOrDefault((userId, key)) is { } request)
        {
            request.Answer = RestatedAsync(request.Answer, restate);
        }
    }

    private static async Task<TAnswer> RestatedAsync(Task<TAnswer> answer, Func<TAnswer, TAnswer> restate) => restate(await answer);

    private void Forget()
    {
        var now = time.GetUtcNow();
        var oldestLookup = OldestLookup;

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

            // Seen settled at this version or later: a lookup that began at an older version, and whose requester has not
            // decided yet, may not see its booking. Lookups not begun yet will begin at a later version.
            request.SettledBy ??= committedVersion();
            if (oldestLookup is { } from && request.SettledBy > from)
            {
                return;
            }

            _byAge.Dequeue();
            _known.Remove(key);
        }
    }
}

/// <summary>One query for keys, shared by the requests that asked for them until each has decided.</summary>
internal sealed class KeyLookup<TRecord>
    where TRecord : class
{
    public List<(Guid UserId, string Key)> Keys { get; } = [];

    public TaskCompletionSource<Dictionary<(Guid, string), TRecord>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The committed version when the query began (null until then).</summary>
    public long? From { get; set; }

    /// <summary>Requests that have not decided on the answer yet.</summary>
    public int Holders { get; set; }

    /// <summary>The record made with this key, as the query's snapshot holds it.</summary>
    public async Task<TRecord?> FindAsync(Guid userId, string key) => (await Done.Task).GetValueOrDefault((userId, key));
}

/// <summary>The first request made with a key: what it asked, its answer, when it came, and the version it was seen settled by.</summary>
internal sealed record KeyedRequest<TAnswer>(RequestShape Asked, Task<TAnswer> Answer, DateTimeOffset At)
{
    public Task<TAnswer> Answer { get; set; } = Answer;

    public long? SettledBy { get; set; }
}
