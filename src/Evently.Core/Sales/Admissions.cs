namespace Evently.Core.Sales;

/// <summary>
/// Waiting-room admissions, held in memory: the queue pushes each admission here before it tells the user, so the
/// booking path checks it without a database round trip. Expired admissions are pruned as the map grows.
/// </summary>
internal sealed class Admissions
{
    private readonly Dictionary<Guid, DateTimeOffset> _admittedUntil = [];
    private int _pruneAt = 1024;

    /// <summary>Records admissions (user, valid until) as of <paramref name="now"/>; a later one for the same user replaces an earlier one.</summary>
    public void Admit(IEnumerable<(Guid UserId, DateTimeOffset Until)> admissions, DateTimeOffset now)
    {
        foreach (var (userId, until) in admissions)
        {
            if (until > now)
            {
                _admittedUntil[userId] = until;
            }
        }

        if (_admittedUntil.Count >= _pruneAt)
        {
            // Expired admissions are dropped when the map has doubled since the last sweep: memory follows valid ones.
            foreach (var expired in _admittedUntil.Where(a => a.Value <= now).Select(a => a.Key).ToList())
            {
                _admittedUntil.Remove(expired);
            }

            _pruneAt = Math.Max(1024, _admittedUntil.Count * 2);
        }
    }

    /// <summary>Admissions still valid at <paramref name="now"/>.</summary>
    public int ValidAt(DateTimeOffset now) => _admittedUntil.Count(a => a.Value > now);

    /// <summary>True when <paramref name="userId"/> holds an admission valid at <paramref name="now"/>.</summary>
    public bool IsAdmitted(Guid userId, DateTimeOffset now) => _admittedUntil.TryGetValue(userId, out var until) && now < until;
}
