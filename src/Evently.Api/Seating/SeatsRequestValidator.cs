using Evently.Api.Http;
using Evently.Domain.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Seating;

/// <summary>
/// The checks a request for seats passes before its event's grain is called, one set for bookings and checkout holds:
/// the body's seat selection and the optional <c>Idempotency-Key</c> header (1..64 printable ASCII characters).
/// </summary>
public static class SeatsRequestValidator
{
    private const string KeyHeader = "Idempotency-Key";

    /// <summary>The quantity the request asks for (the number of seats named, when it names them), or the 400 problem.</summary>
    public static (int Quantity, ProblemHttpResult? Problem) Validate(ISeatsBody body, string? idempotencyKey, int maxQuantity)
    {
        var errors = new FieldErrors();
        var quantity = CheckSeats(errors, body, maxQuantity);
        errors
            .Check(idempotencyKey is { Length: 0 or > 64 }, KeyHeader, $"{KeyHeader} must be 1..64 characters.")
            .Check(idempotencyKey is not null && idempotencyKey.Any(c => c < 0x21 || c > 0x7E), KeyHeader, $"{KeyHeader} must be printable ASCII.");
        return errors.IsEmpty ? (quantity!.Value, null) : (0, errors.ToProblem());
    }

    private static int? CheckSeats(FieldErrors errors, ISeatsBody body, int max)
    {
        if (body.Seats is not { } seats)
        {
            errors.Check(body.Quantity is null, "quantity", "quantity (or seats) is required.")
                .Check(body.Quantity is { } q && (q < 1 || q > max), "quantity", $"quantity must be 1..{max}.")
                .Check(body.Section is not null && (body.Section.Length is 0 or > 40), "section", "section must be 1..40 characters.");
            return body.Quantity;
        }

        errors.Check(seats.Count < 1 || seats.Count > max, "seats", $"seats must name 1..{max} seats.")
            .Check(seats.Any(s => string.IsNullOrEmpty(s) || s.Length > 100 || StoredText.HasControl(s)), "seats", "Every seat id is 1..100 characters.")
            .Check(seats.Distinct(StringComparer.Ordinal).Count() != seats.Count, "seats", "A seat is named twice.")
            .Check(body.Quantity is { } n && n != seats.Count, "quantity", "quantity must equal the number of seats named (or be left out).")
            .Check(body.Section is not null, "section", "section goes with quantity, not with seats.");
        return seats.Count;
    }
}
