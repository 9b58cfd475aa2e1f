namespace Evently.Grains.Notifications;

/// <summary>
/// In-flight deliveries of this silo, per receiver (origin) and in all: a receiver at its limit gets no more until one
/// of its deliveries ends, so a slow receiver only ever holds its own slots.
/// </summary>
public sealed class ReceiverSlots(int perReceiver, int total)
{
    private readonly Dictionary<string, int> _byReceiver = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _deliveries = [];
    private readonly object _gate = new();

    /// <summary>Free slots in all.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return total - _deliveries.Count;
            }
        }
    }

    /// <summary>Receivers with no free slot, and the deliveries in flight (neither should be claimed now).</summary>
    public (string[] BusyReceivers, Guid[] InFlight) Snapshot()
    {
        lock (_gate)
        {
            return (_byReceiver.Where(r => r.Value >= perReceiver).Select(r => r.Key).ToArray(), _deliveries.ToArray());
        }
    }

    /// <summary>Takes a slot for <paramref name="delivery"/> to <paramref name="receiver"/> if both limits allow it.</summary>
    public bool TryEnter(string receiver, Guid delivery)
    {
        lock (_gate)
        {
            var current = _byReceiver.GetValueOrDefault(receiver);
            if (current >= perReceiver || _deliveries.Count >= total || !_deliveries.Add(delivery))
            {
                return false;
            }

            _byReceiver[receiver] = current + 1;
            return true;
        }
    }

    /// <summary>Gives the slot back.</summary>
    public void Exit(string receiver, Guid delivery)
    {
        lock (_gate)
        {
            if (!_deliveries.Remove(delivery))
            {
                return;
            }

            if (_byReceiver[receiver] <= 1)
            {
                _byReceiver.Remove(receiver);
            }
            else
            {
                _byReceiver[receiver]--;
            }
        }
    }
}
