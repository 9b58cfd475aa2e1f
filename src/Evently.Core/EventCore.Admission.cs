namespace Evently.Core;

/// <summary>
/// Waiting-room admissions, held in memory: the queue pushes each admission here before it tells the user, so the
/// booking path checks it without a database round trip.
/// </summary>
public sealed partial class EventCore
{
    private readonly Dictionary<Guid, DateTimeOffset> _admittedUntil = [];

    /// <summary>Records admissions (user, valid until); a later one for the same user replaces an earlier one.</summary>
    public void Admit(IEnumerable<(Guid UserId, DateTimeOffset Until)> admissions)
    {
        var now = _time.GetUtcNow();
        foreach (var (userId, until) in admissions)
        {
            if (until > now)
            {
                _admittedUntil[userId] = until;
            }
        }

        if (_admittedUntil.Count > 1024 && _admittedUntil.Count % 1024 == 0)
        {
            // Expired admissions are dropped now and then, so memory follows the admissions still valid.
            foreach (var expired in _admittedUntil.Where(a => a.Value <= now).Select(a => a.Key).ToList())
            {
                _admittedUntil.Remove(expired);
            }
        }
    }

    /// <summary>Admissions still valid now.</summary>
    public int ValidAdmissions => _admittedUntil.Count(a => a.Value > _time.GetUtcNow());

    private bool IsAdmitted(Guid userId, DateTimeOffset now) => _admittedUntil.TryGetValue(userId, out var until) && now < until;
}
