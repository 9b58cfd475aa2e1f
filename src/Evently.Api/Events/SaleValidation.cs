using System.Text.Json;
using Evently.Api.Http;
using Evently.Contracts.Sales;
using Evently.Domain.Sales;

namespace Evently.Api.Events;

/// <summary>The limits on an event's sale settings (docs/api.md#events).</summary>
internal static class SaleValidation
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The sale terms of a new event (defaults applied), with any errors recorded.</summary>
    public static SaleTerms ForCreate(CreateEventRequest body, DateTimeOffset now, FieldErrors errors)
    {
        var start = Stored(body.SalesStartAt ?? now);
        var end = Stored(body.SalesEndAt ?? body.EventDate ?? now);
        errors.Check(start >= end, "salesStartAt", "salesStartAt must be before salesEndAt.")
            .Check(body.EventDate is { } date && end > date, "salesEndAt", "salesEndAt must not be after eventDate.");
        CheckLimit(errors, body.MaxTicketsPerUser);
        return new SaleTerms(start, end, body.MaxTicketsPerUser, Room(body.WaitingRoom, errors));
    }

    /// <summary>The sale change of an edit, or null when it changes nothing of the sale; errors recorded.</summary>
    public static SaleChange? ForUpdate(UpdateEventRequest body, FieldErrors errors)
    {
        errors.Check(body.SalesStartAt is { } s && body.SalesEndAt is { } e && s >= e, "salesStartAt", "salesStartAt must be before salesEndAt.")
            .Check(body.SalesEndAt is { } end && body.EventDate is { } date && end > date, "salesEndAt", "salesEndAt must not be after eventDate.");
        var setsLimit = body.MaxTicketsPerUser.ValueKind != JsonValueKind.Undefined;
        int? limit = null;
        if (setsLimit && body.MaxTicketsPerUser.ValueKind != JsonValueKind.Null)
        {
            errors.Check(!body.MaxTicketsPerUser.TryGetInt32(out var parsed), "maxTicketsPerUser", "maxTicketsPerUser must be an integer or null.");
            limit = parsed;
            CheckLimit(errors, limit);
        }

        var setsRoom = body.WaitingRoom.ValueKind != JsonValueKind.Undefined;
        WaitingRoomTerms? room = null;
        if (setsRoom && body.WaitingRoom.ValueKind != JsonValueKind.Null)
        {
            WaitingRoomRequest? request = null;
            try
            {
                request = body.WaitingRoom.ValueKind == JsonValueKind.Object ? body.WaitingRoom.Deserialize<WaitingRoomRequest>(Json) : null;
            }
            catch (JsonException)
            {
            }

            errors.Check(request is null, "waitingRoom", "waitingRoom must be an object {admitPerMinute, admissionMinutes?, opensMinutesBefore?} or null.");
            room = request is null ? null : Room(request, errors);
        }

        return body.SalesStartAt is null && body.SalesEndAt is null && !setsLimit && !setsRoom
            ? null
            : new SaleChange(body.SalesStartAt is { } s2 ? Stored(s2) : null, body.SalesEndAt is { } e2 ? Stored(e2) : null, setsLimit, limit, setsRoom, room);
    }

    // PostgreSQL keeps microseconds: the window the grain decides by must be the one a reload reads back.
    private static DateTimeOffset Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static void CheckLimit(FieldErrors errors, int? limit) =>
        errors.Check(limit is < 1 or > SaleSettings.MaxTicketsLimit, "maxTicketsPerUser", $"maxTicketsPerUser must be null or 1..{SaleSettings.MaxTicketsLimit}.");

    private static WaitingRoomTerms? Room(WaitingRoomRequest? room, FieldErrors errors)
    {
        if (room is null)
        {
            return null;
        }

        errors.Check(room.AdmitPerMinute is null, "waitingRoom.admitPerMinute", "waitingRoom.admitPerMinute is required.")
            .Check(room.AdmitPerMinute is < 1 or > WaitingRoomSettings.MaxAdmitPerMinute, "waitingRoom.admitPerMinute",
                $"waitingRoom.admitPerMinute must be 1..{WaitingRoomSettings.MaxAdmitPerMinute}.")
            .Check(room.AdmissionMinutes is < 1 or > WaitingRoomSettings.MaxAdmissionMinutes, "waitingRoom.admissionMinutes",
                $"waitingRoom.admissionMinutes must be 1..{WaitingRoomSettings.MaxAdmissionMinutes}.")
            .Check(room.OpensMinutesBefore is < 0 or > WaitingRoomSettings.MaxOpensMinutesBefore, "waitingRoom.opensMinutesBefore",
                $"waitingRoom.opensMinutesBefore must be 0..{WaitingRoomSettings.MaxOpensMinutesBefore}.");
        return new WaitingRoomTerms(room.AdmitPerMinute ?? 1, room.AdmissionMinutes ?? 10, room.OpensMinutesBefore ?? 30);
    }
}
