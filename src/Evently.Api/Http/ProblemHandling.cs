using Microsoft.AspNetCore.Diagnostics;

namespace Evently.Api.Http;

/// <summary>Every error leaves as a problem with a <c>code</c>; bad input is a 400, storage trouble a 503 (or a 504 when a change may have happened), never a stack trace.</summary>
public static partial class ProblemHandling
{
    /// <summary>Registers problem details with codes and the exception handler.</summary>
    public static IServiceCollection AddEventlyProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.Remove("traceId");
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = problem.Status switch
                {
                    400 => ErrorCodes.ValidationFailed,
                    401 => ErrorCodes.Unauthorized,
                    403 => ErrorCodes.Forbidden,
                    404 => ErrorCodes.NotFound,
                    405 => ErrorCodes.MethodNotAllowed,
                    413 => ErrorCodes.PayloadTooLarge,
                    415 => ErrorCodes.UnsupportedMediaType,
                    429 => ErrorCodes.RateLimited,
                    503 => ErrorCodes.Unavailable,
                    504 => ErrorCodes.OutcomeUnknown,
                    _ => ErrorCodes.Internal,
                };
            }

            if (problem.Status == 415)
            {
                // Routing refuses a body that is not JSON before any handler: say what to send instead.
                var advice = BadInput.UnsupportedMediaType(context.HttpContext.Request);
                problem.Title = BadInput.UnsupportedMediaTypeTitle;
                problem.Detail = advice;
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [BadInput.ContentType] = [advice] };
            }
            else if (problem.Status == 400 && !problem.Extensions.ContainsKey("errors"))
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [BadInput.Body] = [problem.Detail ?? problem.Title ?? "The request is malformed."] };
            }
        });
        services.AddExceptionHandler<ExceptionToProblem>();
        return services;
    }

    private sealed class ExceptionToProblem(IProblemDetailsService problems, ILogger<ExceptionToProblem> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var (status, code, title) = ExceptionProblems.For(exception, context.Request.Method);
            if (status >= 500)
            {
                LogFailed(logger, context.Request.Method, context.Request.Path, status, exception);
            }

            context.Response.StatusCode = status;
            if (status == 503)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title };
            problem.Extensions["code"] = code;
            if (status == 400 && exception is BadHttpRequestException bad)
            {
                var (field, message) = BadInput.Describe(bad);
                problem.Title = "The request has an invalid value.";
                problem.Detail = message;
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
            }
            else if (status == 400)
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [BadInput.Body] = [title] };
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Request {Method} {Path} failed with {Status}")]
    private static partial void LogFailed(ILogger logger, string method, PathString path, int status, Exception exception);
}
