using Evently.Domain.Holds;

namespace Evently.Core.Holds;

/// <summary>Active holds by deadline, earliest first (ties by id, so two holds never compare equal).</summary>
internal sealed class HoldDeadlineOrder : IComparer<Hold>
{
    public static readonly HoldDeadlineOrder Instance = new();

    public int Compare(Hold? x, Hold? y)
    {
        var byDeadline = x!.ExpiresAt.CompareTo(y!.ExpiresAt);
        return byDeadline != 0 ? byDeadline : x.Id.CompareTo(y.Id);
    }
}
