namespace Evently.Domain.Events;

/// <summary>
/// The seat arithmetic of one event: <c>available + held + sold = capacity</c> always holds.
/// A plain value type so the grain can keep the committed copy and roll back to it cheaply.
/// </summary>
public readonly record struct SeatLedger(int TotalCapacity, int AvailableSeats, int HeldSeats)
{
    /// <summary>Seats in confirmed bookings.</summary>
    public int SoldSeats => TotalCapacity - AvailableSeats - HeldSeats;

    /// <summary>A fresh event with every seat free.</summary>
    public static SeatLedger ForCapacity(int capacity) => new(capacity, capacity, 0);

    /// <summary>Takes <paramref name="quantity"/> free seats, or says there are not enough.</summary>
    public bool TryTake(int quantity, out SeatLedger after)
    {
        after = this;
        if (quantity < 1 || quantity > AvailableSeats)
        {
            return false;
        }

        after = this with { AvailableSeats = AvailableSeats - quantity };
        return true;
    }

    /// <summary>Returns the seats of a cancelled booking.</summary>
    public SeatLedger Release(int quantity)
    {
        if (quantity < 1 || quantity > SoldSeats)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "More seats released than sold.");
        }

        return this with { AvailableSeats = AvailableSeats + quantity };
    }

    /// <summary>Changes capacity; refused when it would fall below the seats sold or held.</summary>
    public bool TryResize(int newCapacity, out SeatLedger after)
    {
        after = this;
        if (newCapacity < SoldSeats + HeldSeats || newCapacity < 1)
        {
            return false;
        }

        after = this with { TotalCapacity = newCapacity, AvailableSeats = newCapacity - SoldSeats - HeldSeats };
        return true;
    }

    /// <summary>Every seat back: the event was cancelled and every booking refunded.</summary>
    public SeatLedger ReleaseAll() => this with { AvailableSeats = TotalCapacity, HeldSeats = 0 };
}
