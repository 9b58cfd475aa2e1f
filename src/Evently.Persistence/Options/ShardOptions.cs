namespace Evently.Persistence.Options;

/// <summary>How many shard databases there are (section <c>Evently:Shards</c>).</summary>
public sealed class ShardOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Shards";

    /// <summary>Shard databases, 1..64; adding some later remaps buckets instead of rehashing.</summary>
    public int Count { get; set; } = 4;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (Count is < 1 or > 64)
        {
            yield return $"{Section}:Count must be between 1 and 64 (was {Count}).";
        }
    }
}
