using Evently.Domain.Holds;
using Evently.Api.Http;

namespace Evently.Api.Events;

/// <summary>The limits on event fields (docs/api.md#events).</summary>
internal static class EventValidation
{
    public const int MaxCapacity = 1_000_000;
    public const decimal MaxPrice = 100_000m;

    public static FieldErrors Validate(CreateEventRequest body, DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Text(body.Name, "name", 1, 200)
            .Text(body.Description, "description", 0, 4000, required: false, multiline: true)
            .Text(body.Venue, "venue", 1, 200)
            .Check(body.EventDate is null, "eventDate", "eventDate is required.")
            .Check(body.EventDate <= now, "eventDate", "eventDate must be in the future.")
            .Check(body.TotalCapacity is null, "totalCapacity", "totalCapacity is required.")
            .Check(body.TotalCapacity is < 1 or > MaxCapacity, "totalCapacity", $"totalCapacity must be 1..{MaxCapacity}.")
            .Check(body.Price is null, "price", "price is required.");
        CheckPrice(errors, body.Price);
        errors.Check(body.PricingPolicy is not (null or "fixed" or "demand"), "pricingPolicy", "pricingPolicy must be fixed or demand.");
        return CheckHoldMinutes(CheckWindow(errors, body.PromotionWindowMinutes), body.HoldMinutes);
    }

    public static FieldErrors Validate(UpdateEventRequest body, DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Text(body.Name, "name", 1, 200, required: false)
            .Text(body.Description, "description", 0, 4000, required: false, multiline: true)
            .Text(body.Venue, "venue", 1, 200, required: false)
            .Check(body.EventDate <= now, "eventDate", "eventDate must be in the future.")
            .Check(body.TotalCapacity is < 1 or > MaxCapacity, "totalCapacity", $"totalCapacity must be 1..{MaxCapacity}.")
            .Check(body is { Name: null, Description: null, Venue: null, EventDate: null, TotalCapacity: null, PromotionWindowMinutes: null,
                    SalesStartAt: null, SalesEndAt: null, MaxTicketsPerUser.ValueKind: System.Text.Json.JsonValueKind.Undefined,
                    WaitingRoom.ValueKind: System.Text.Json.JsonValueKind.Undefined, HoldMinutes: null },
                "body", "Give at least one field to change.");
        return CheckHoldMinutes(CheckWindow(errors, body.PromotionWindowMinutes), body.HoldMinutes);
    }

    public static FieldErrors CheckPrice(FieldErrors errors, decimal? price) =>
        errors.Check(price is < 0 or > MaxPrice, "price", $"price must be 0..{MaxPrice}.")
            .Check(price is { } p && decimal.Round(p, 2) != p, "price", "price has at most 2 decimals.");

    private static FieldErrors CheckHoldMinutes(FieldErrors errors, int? minutes) =>
        errors.Check(minutes is { } m && !HoldRules.IsValidLength(m), "holdMinutes", $"holdMinutes must be {HoldRules.MinMinutes}..{HoldRules.MaxMinutes}.");

    private static FieldErrors CheckWindow(FieldErrors errors, int? minutes) =>
        errors.Check(minutes is < 1 or > 10_080, "promotionWindowMinutes", "promotionWindowMinutes must be 1..10080.");
}
