using Evently.Persistence.Queries;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Evently.Api.Http;

/// <summary>
/// Which problem an unhandled exception becomes. <c>503</c> promises the request had no effect, so it is only
/// for failures that certainly happened before anything changed; when a state-changing request stopped waiting
/// for a grain that may have acted, the honest answer is <c>504 outcome_unknown</c>.
/// </summary>
public static class ExceptionProblems
{
    /// <summary>The status, <c>code</c> and title for <paramref name="exception"/> thrown while serving <paramref name="method"/>.</summary>
    public static (int Status, string Code, string Title) For(Exception exception, string method) => exception switch
    {
        BadHttpRequestException { StatusCode: 413 } => (413, ErrorCodes.PayloadTooLarge, "The request body is too large."),
        BadHttpRequestException { StatusCode: 415 } => (415, ErrorCodes.UnsupportedMediaType, BadInput.UnsupportedMediaTypeTitle),
        BadHttpRequestException bad => (400, ErrorCodes.ValidationFailed, Describe(bad)),
        // Class 22 is a value PostgreSQL cannot take (a NUL character in text, say): the client's input, not an outage.
        PostgresException { SqlState: ['2', '2', ..] } => (400, ErrorCodes.ValidationFailed, "The request holds a value that cannot be stored, such as a NUL character."),
        _ when NothingHappened(exception) => Unavailable,
        _ when MayHaveHappened(exception) => ChangesState(method) ? OutcomeUnknown : Unavailable,
        _ => (500, ErrorCodes.Internal, "An unexpected error occurred."),
    };

    /// <summary>Whether <paramref name="method"/> may change state (anything but GET, HEAD, OPTIONS and TRACE).</summary>
    public static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static (int, string, string) Unavailable => (503, ErrorCodes.Unavailable, Problems.UnavailableTitle);

    private static (int, string, string) OutcomeUnknown => (504, ErrorCodes.OutcomeUnknown, Problems.OutcomeUnknownTitle);

    // The front end's own reads fail before any grain is called; a rejected, shed or unsent message never reached
    // a grain. SiloUnavailableException is a rejection too, but Orleans also raises it for a call already delivered
    // to a silo that then died, so it is not in this list.
    private static bool NothingHappened(Exception exception) => exception is ShardUnavailableException or NpgsqlException
        or GatewayTooBusyException or ConnectionFailedException
        or OrleansMessageRejectionException and not SiloUnavailableException;

    // The call may have run: the response timed out, the target silo died with the call in flight, or the runtime
    // failed in a way that does not say when.
    private static bool MayHaveHappened(Exception exception) => exception is TimeoutException or OrleansException;

    private static string Describe(BadHttpRequestException exception) => BadInput.Describe(exception).Message;
}
