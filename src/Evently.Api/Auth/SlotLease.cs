using System.Threading.RateLimiting;

namespace Evently.Api.Auth;

/// <summary>A hashing slot together with the caller's account and address shares, released together.</summary>
internal sealed class SlotLease(RateLimitLease slot, RateLimitLease account, RateLimitLease address) : RateLimitLease
{
    /// <inheritdoc />
    public override bool IsAcquired => true;

    /// <inheritdoc />
    public override IEnumerable<string> MetadataNames => [];

    /// <inheritdoc />
    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            slot.Dispose();
            account.Dispose();
            address.Dispose();
        }

        base.Dispose(disposing);
    }
}
