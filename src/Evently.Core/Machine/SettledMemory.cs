namespace Evently.Core.Machine;

/// <summary>
/// Keeps memory bounded over an activation's life: records settled for good here (a cancelled booking, a confirmed,
/// released or expired hold) leave memory once their batch is committed and no store read that may miss them is under
/// way. A read is a snapshot, so one that began before the settling batch committed may return the record as it was,
/// and its caller checks memory after the read: the record must still be there. A read that began at or after that
/// version sees it settled, so a record not in memory is simply read from the store.
/// </summary>
internal sealed class SettledMemory(Func<long> committedVersion)
{
    private readonly Dictionary<long, int> _open = [];
    private readonly Queue<(long SettledAt, Guid Id, bool IsHold)> _settled = new();

    /// <summary>Settled records still in memory.</summary>
    public int Count => _settled.Count;

    /// <summary>
    /// A store read begins: returns the committed version it began at, to pass to <see cref="End"/> once the caller has
    /// checked what it read against memory (in the turn the read came back in).
    /// </summary>
    public long Begin()
    {
        var from = committedVersion();
        _open[from] = _open.GetValueOrDefault(from) + 1;
        return from;
    }

    /// <summary>The read that began at <paramref name="from"/> is over.</summary>
    public void End(long from)
    {
        if (--_open[from] == 0)
        {
            _open.Remove(from);
        }
    }

    /// <summary>A record was settled by the batch committed at <paramref name="version"/>.</summary>
    public void Settled(long version, Guid id, bool isHold) => _settled.Enqueue((version, id, isHold));

    /// <summary>
    /// Forgets, oldest first, every settled record that no read under way may miss: a read here, or a key lookup that
    /// began at <paramref name="oldestLookup"/>. Called only as a batch commits, never as a read ends: a read's caller
    /// checks memory after its read, and what it needs must still be there.
    /// </summary>
    public void Forget(long? oldestLookup, Action<Guid, bool> forget)
    {
        var oldest = oldestLookup;
        foreach (var from in _open.Keys)
        {
            oldest = oldest is null || from < oldest ? from : oldest;
        }

        while (_settled.TryPeek(out var record) && (oldest is null || record.SettledAt <= oldest))
        {
            _settled.Dequeue();
            forget(record.Id, record.IsHold);
        }
    }
}
