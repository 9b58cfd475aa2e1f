using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Http;

/// <summary>RFC 9457 problems carrying API.md's <c>code</c> member.</summary>
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

    /// <summary>503: storage or cluster down; the request had no effect.</summary>
    public static ProblemHttpResult Unavailable() =>
        Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The service is temporarily unavailable; the request had no effect. Retry later.");

    /// <summary>429 with a <c>Retry-After</c> hint set by the caller.</summary>
    public static ProblemHttpResult RateLimited(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests; retry after the indicated delay.");
    }
}
