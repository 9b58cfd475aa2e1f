namespace Evently.Api.Http;

/// <summary>The stable <c>code</c> members of the API's problems (docs/api.md#errors).</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string InvalidCredentials = "invalid_credentials";
    public const string Forbidden = "forbidden";
    public const string AccountDisabled = "account_disabled";
    public const string EventNotFound = "event_not_found";
    public const string BookingNotFound = "booking_not_found";
    public const string UserNotFound = "user_not_found";
    public const string NotOnWaitlist = "not_on_waitlist";
    public const string HoldNotFound = "hold_not_found";
    public const string HoldExpired = "hold_expired";
    public const string HoldConfirmed = "hold_confirmed";
    public const string NotificationNotFound = "notification_not_found";
    public const string NotFound = "not_found";
    public const string EmailTaken = "email_taken";
    public const string SoldOut = "sold_out";
    public const string EventNotBookable = "event_not_bookable";
    public const string AlreadyWaitlisted = "already_waitlisted";
    public const string SeatsAvailable = "seats_available";
    public const string CapacityBelowBooked = "capacity_below_booked";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string VersionMismatch = "version_mismatch";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string OutcomeUnknown = "outcome_unknown";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Internal = "internal_error";
    public const string SalesNotOpen = "sales_not_open";
    public const string SalesClosed = "sales_closed";
    public const string TicketLimitReached = "ticket_limit_reached";
    public const string AdmissionRequired = "admission_required";
    public const string QueueNotOpen = "queue_not_open";
    public const string NotInQueue = "not_in_queue";
    public const string SeatsTaken = "seats_taken";
    public const string NoAdjacentSeats = "no_adjacent_seats";
    public const string SeatsInUse = "seats_in_use";
    public const string AlreadyCheckedIn = "already_checked_in";
    public const string CheckInNotOpen = "check_in_not_open";
    public const string RebalanceRunning = "rebalance_running";
}
