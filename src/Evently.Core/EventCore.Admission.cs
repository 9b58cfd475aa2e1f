using Evently.Core.Sales;

namespace Evently.Core;

/// <summary>Waiting-room admissions: the queue pushes each admission here before it tells the user (see <see cref="Admissions"/>).</summary>
public sealed partial class EventCore
{
    private readonly Admissions _admissions = new();

    /// <summary>Records admissions (user, valid until); a later one for the same user replaces an earlier one.</summary>
    public void Admit(IEnumerable<(Guid UserId, DateTimeOffset Until)> admissions) => _admissions.Admit(admissions, _time.GetUtcNow());

    /// <summary>Admissions still valid now.</summary>
    public int ValidAdmissions => _admissions.ValidAt(_time.GetUtcNow());

    private bool IsAdmitted(Guid userId, DateTimeOffset now) => _admissions.IsAdmitted(userId, now);
}
