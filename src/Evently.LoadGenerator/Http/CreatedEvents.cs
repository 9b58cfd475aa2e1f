using System.Collections.Concurrent;

namespace Evently.LoadGenerator.Http;

/// <summary>The events a run created: a rehearsal against a running system cancels them at the end so browse is left as it was.</summary>
internal sealed class CreatedEvents
{
    private readonly ConcurrentQueue<Guid> _events = new();

    public int Count => _events.Count;

    public void Add(Guid id) => _events.Enqueue(id);

    /// <summary>Takes every event noted so far (a second call sees only those created since).</summary>
    public List<Guid> TakeAll()
    {
        var taken = new List<Guid>();
        while (_events.TryDequeue(out var id))
        {
            taken.Add(id);
        }

        return taken;
    }
}
