using System.Diagnostics.Metrics;

namespace Evently.Grains.Telemetry;

/// <summary>The booking path's instruments, on the <c>Evently</c> meter.</summary>
public sealed class BookingMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Evently";

    private readonly Counter<long> _bookings;
    private readonly Counter<long> _soldOut;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _cancellations;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitLatency;
    private readonly Counter<long> _failedBatches;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public BookingMetrics(IMeterFactory meterFactory)
    {
#pragma warning disable CA2000 // the meter factory owns the meters it creates and disposes them with the host
        var meter = meterFactory.Create(MeterName);
#pragma warning restore CA2000
        _bookings = meter.CreateCounter<long>("evently.bookings.confirmed", "{booking}", "Bookings committed");
        _soldOut = meter.CreateCounter<long>("evently.bookings.sold_out", "{request}", "Booking requests refused as sold out");
        _rateLimited = meter.CreateCounter<long>("evently.bookings.rate_limited", "{request}", "Booking requests refused by an event's pending limit");
        _cancellations = meter.CreateCounter<long>("evently.bookings.cancelled", "{booking}", "Bookings cancelled");
        _batchSize = meter.CreateHistogram<int>("evently.batch.size", "{request}", "Requests committed per group-commit batch");
        _commitLatency = meter.CreateHistogram<double>("evently.batch.commit.duration", "ms", "Time to commit one batch");
        _failedBatches = meter.CreateCounter<long>("evently.batch.failed", "{batch}", "Batches whose commit failed");
    }

    /// <summary>A booking was committed.</summary>
    public void Confirmed(int count) => _bookings.Add(count);

    /// <summary>A request found too few seats.</summary>
    public void SoldOut() => _soldOut.Add(1);

    /// <summary>A request was turned away by the pending limit.</summary>
    public void RateLimited() => _rateLimited.Add(1);

    /// <summary>Bookings were cancelled.</summary>
    public void Cancelled(int count) => _cancellations.Add(count);

    /// <summary>A batch was committed.</summary>
    public void BatchCommitted(int size, double milliseconds)
    {
        _batchSize.Record(size);
        _commitLatency.Record(milliseconds);
    }

    /// <summary>A batch failed to commit.</summary>
    public void BatchFailed() => _failedBatches.Add(1);
}
