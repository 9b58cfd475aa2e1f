using System.Buffers.Binary;

namespace Evently.Domain.Sharding;

/// <summary>
/// Logical buckets between organizers and shard databases. An organizer hashes to one of
/// <see cref="Count"/> buckets; a bucket maps to a database. Adding a database remaps buckets
/// instead of rehashing every organizer.
/// </summary>
public static class Buckets
{
    /// <summary>Fixed number of logical buckets; never change it once data exists.</summary>
    public const int Count = 1024;

    /// <summary>The organizer's bucket: FNV-1a over the id's big-endian bytes, stable across processes and runtimes.</summary>
    public static int ForOrganizer(Guid organizerId)
    {
        Span<byte> bytes = stackalloc byte[16];
        organizerId.TryWriteBytes(bytes, bigEndian: true, out _);
        uint hash = 2166136261;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        // Fold the high bits in so the low 10 bits depend on every input byte.
        hash ^= hash >> 16;
        return (int)(hash % Count);
    }

    /// <summary>
    /// Mints a time-ordered UUID v7 whose 12-bit <c>rand_a</c> field carries the bucket, so an id
    /// routes to its shard with no lookup. The remaining 62 random bits keep ids unique.
    /// </summary>
    public static Guid MintId(int bucket, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, Count);
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7(now).TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], (ushort)(0x7000 | bucket));
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The bucket an id minted by <see cref="MintId"/> carries.</summary>
    public static int Of(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]) & (Count - 1);
    }
}
