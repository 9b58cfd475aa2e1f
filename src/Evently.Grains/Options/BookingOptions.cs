using Evently.Persistence.Options;

namespace Evently.Grains.Options;

/// <summary>Booking limits (section <c>Evently:Booking</c>).</summary>
public sealed class BookingOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Booking";

    /// <summary>Largest quantity one booking may ask for.</summary>
    public int MaxQuantity { get; set; } = 10;

    /// <summary>Requests one event grain holds waiting for their commit; beyond it callers get 429.</summary>
    public int MaxPendingPerEvent { get; set; } = 5000;

    /// <summary>How long an event grain keeps a used Idempotency-Key in memory; older keys are looked up in the database.</summary>
    public int IdempotencyWindowSeconds { get; set; } = 600;

    /// <summary>The most Idempotency-Keys one event grain keeps in memory; the oldest settled ones beyond it are looked up in the database.</summary>
    public int IdempotencyKeysInMemory { get; set; } = 10_000;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (MaxQuantity is < 1 or > 100 || MaxPendingPerEvent < 1 || IdempotencyWindowSeconds < 1 || IdempotencyKeysInMemory < 1)
        {
            yield return $"{Section}: MaxQuantity must be 1..100; MaxPendingPerEvent, IdempotencyWindowSeconds and IdempotencyKeysInMemory at least 1.";
        }
    }
}
