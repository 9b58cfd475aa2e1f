namespace Evently.Persistence.Queries;

/// <summary>
/// The order of <c>ORDER BY at DESC, id DESC</c> for merging rows of several shards: latest first, ties by id, largest first.
/// </summary>
public sealed class NewestFirst<T>(Func<T, DateTimeOffset> at, Func<T, Guid> id) : IComparer<T>
{
    /// <inheritdoc />
    public int Compare(T? x, T? y)
    {
        var byTime = at(y!).CompareTo(at(x!));
        return byTime != 0 ? byTime : id(y!).CompareTo(id(x!));
    }
}
