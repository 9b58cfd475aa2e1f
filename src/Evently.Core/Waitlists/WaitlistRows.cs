using Evently.Core.Batches;
using Evently.Domain.Waitlists;

namespace Evently.Core.Waitlists;

/// <summary>
/// Turns a batch's waitlist changes into rows: each touched entry as it now stands, with its position now (0 out of
/// line), and their promotions. Entries the batch did not touch are not written: their stored position is the one
/// they had when last written, and the live position is derived from the queue key.
/// </summary>
internal static class WaitlistRows
{
    /// <summary>Adds the rows of <paramref name="batch"/>'s waitlist changes, as <paramref name="waitlist"/> now stands.</summary>
    public static void Write(EventBatch batch, Waitlist waitlist, TimeProvider time)
    {
        if (batch.WaitlistChanges.Count == 0)
        {
            return;
        }

        var written = new HashSet<Guid>();
        var now = time.GetUtcNow();
        var promotions = new Dictionary<Guid, PromotionWrite>();
        foreach (var change in batch.WaitlistChanges)
        {
            var current = waitlist.Find(change.Entry.UserId) ?? change.Entry;
            if (written.Add(current.Id))
            {
                batch.WaitlistRows.Add(new WaitlistWrite(current, waitlist.PositionOf(current.UserId)));
            }

            if (change.Promotion is not { } p)
            {
                continue;
            }

            var (status, booking) = change.Kind switch
            {
                WaitlistChangeKind.Promoted => ("active", (Guid?)null),
                WaitlistChangeKind.Booked => ("booked", change.Entry.BookingId),
                WaitlistChangeKind.Expired => ("expired", null),
                _ => ("released", null),
            };
            var isNew = change.Kind == WaitlistChangeKind.Promoted || (promotions.TryGetValue(p.Id, out var earlier) && earlier.IsNew);
            promotions[p.Id] = new PromotionWrite(p.Id, change.Entry.Id, p.Quantity, p.PromotedAt, p.ExpiresAt, status, booking,
                change.Kind == WaitlistChangeKind.Promoted ? null : now, isNew);
        }

        batch.Promotions.AddRange(promotions.Values);
    }
}
