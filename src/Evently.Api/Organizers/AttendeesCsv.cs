using System.Globalization;
using System.Text;
using Evently.Persistence.Queries;

namespace Evently.Api.Organizers;

/// <summary>
/// Every attendee of an event as CSV, written as the rows come from the shard: nothing but a chunk of rows and the
/// writer's buffer is in memory, whatever the event's size. A failure before the first buffer is flushed still answers a
/// problem; after it, the connection is cut, as for any body cut short.
/// </summary>
public sealed class AttendeesCsv(Guid eventId, IAsyncEnumerable<Attendee> attendees) : IResult
{
    /// <summary>The media type clients ask for with <c>Accept</c>.</summary>
    public const string MediaType = "text/csv";

    private const string Header = "bookingRef,bookingId,userName,quantity,seats,createdAt";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = $"{MediaType}; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"attendees-{eventId}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
        await writer.WriteAsync(Header + "\r\n");
        await foreach (var a in attendees.WithCancellation(httpContext.RequestAborted))
        {
            await writer.WriteAsync(string.Join(',',
                Field(a.BookingRef), a.BookingId.ToString(), Field(a.UserName), a.Quantity.ToString(CultureInfo.InvariantCulture),
                Field(a.Seats is null ? string.Empty : string.Join(' ', a.Seats)),
                a.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)) + "\r\n");
        }

        await writer.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>
    /// One RFC 4180 field. Text a spreadsheet would run as a formula (a name starting with <c>=</c>, <c>+</c>, <c>-</c>,
    /// <c>@</c>) is prefixed with an apostrophe: names are typed by users, the file is opened by organizers.
    /// </summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
