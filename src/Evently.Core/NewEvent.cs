using Evently.Domain.Sales;
using Evently.Domain.Holds;

namespace Evently.Core;

/// <summary>
/// What an organizer gives to create an event (validated at the edge); no sale settings means the defaults of
/// docs/api.md#events. <see cref="Draft"/> creates it unpublished (docs/api.md#drafts-and-publishing).
/// </summary>
public sealed record NewEvent(
    Guid OrganizerId, string Name, string Description, string Venue, DateTimeOffset EventDate, int TotalCapacity, decimal Price,
    string PricingPolicy, int PromotionWindowMinutes, SaleSettings? Sale = null, int HoldMinutes = HoldRules.DefaultMinutes, bool Draft = false);

/// <summary>
/// An organizer's edit: null fields stay as they are; <see cref="ExpectedVersion"/> is the If-Match version, if any;
/// <see cref="Publish"/> makes a draft public.
/// </summary>
public sealed record EventEdit(
    string? Name = null, string? Description = null, string? Venue = null, DateTimeOffset? EventDate = null, int? TotalCapacity = null,
    int? PromotionWindowMinutes = null, long? ExpectedVersion = null, SaleEdit? Sale = null, int? HoldMinutes = null, bool Publish = false);

/// <summary>Group-commit statistics of one activation.</summary>
public sealed record CommitStats(long Batches, long BatchedRequests, int LargestBatch, long FailedBatches);
