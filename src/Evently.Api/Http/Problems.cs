using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Http;

/// <summary>RFC 9457 problems carrying the API's <c>code</c> member (docs/api.md#errors).</summary>
public static class Problems
{
    /// <summary>A problem with <paramref name="status"/>, <paramref name="code"/> and a human title.</summary>
    public static ProblemHttpResult Create(int status, string code, string title, IDictionary<string, object?>? extensions = null)
    {
        var members = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(statusCode: status, title: title, extensions: members);
    }

    /// <summary>400 <c>validation_failed</c> with the field errors.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "One or more fields are invalid.",
            new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>400 <c>validation_failed</c> for one field.</summary>
    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>404 with a specific code.</summary>
    public static ProblemHttpResult NotFound(string code, string title) => Create(StatusCodes.Status404NotFound, code, title);

    /// <summary>409 with a specific code.</summary>
    public static ProblemHttpResult Conflict(string code, string title, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, code, title, extensions);

    /// <summary>Title of every 503: nothing happened.</summary>
    public const string UnavailableTitle = "The service is temporarily unavailable; the request had no effect. Retry later.";

    /// <summary>Title of every 504: the change may or may not have happened.</summary>
    public const string OutcomeUnknownTitle =
        "The outcome is unknown: the change may or may not have happened. Retry with the same Idempotency-Key to learn it.";

    /// <summary>503: storage or cluster down; the request had no effect.</summary>
    public static ProblemHttpResult Unavailable() =>
        Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, UnavailableTitle);

    /// <summary>504: the commit's acknowledgement was lost or came too late; the change may or may not have happened.</summary>
    public static ProblemHttpResult OutcomeUnknown() =>
        Create(StatusCodes.Status504GatewayTimeout, ErrorCodes.OutcomeUnknown, OutcomeUnknownTitle);

    /// <summary>409 <c>sales_not_open</c> with the moment sales open.</summary>
    public static ProblemHttpResult SalesNotOpen(DateTimeOffset? salesStartAt) =>
        Conflict(ErrorCodes.SalesNotOpen, "Sales for this event have not opened yet.",
            new Dictionary<string, object?> { ["salesStartAt"] = salesStartAt });

    /// <summary>409 <c>sales_closed</c>.</summary>
    public static ProblemHttpResult SalesClosed() => Conflict(ErrorCodes.SalesClosed, "Sales for this event have closed.");

    /// <summary>409 <c>ticket_limit_reached</c> with how many seats the caller may still book or hold.</summary>
    public static ProblemHttpResult TicketLimitReached(int remaining) =>
        Conflict(ErrorCodes.TicketLimitReached, "This would take you past the event's per-user ticket limit.",
            new Dictionary<string, object?> { ["remaining"] = remaining });

    /// <summary>403 <c>admission_required</c>: the event has a waiting room and the caller holds no valid admission.</summary>
    public static ProblemHttpResult AdmissionRequired() =>
        Create(StatusCodes.Status403Forbidden, ErrorCodes.AdmissionRequired, "This event sells through its waiting room: join the queue and book once admitted.");

    /// <summary>429 with a <c>Retry-After</c> hint set by the caller.</summary>
    public static ProblemHttpResult RateLimited(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests; retry after the indicated delay.");
    }
}
