using Evently.Api.Http;

namespace Evently.Api.Seating;

/// <summary>
/// The seat part of a booking or hold request (API 1.2): <c>seats</c> by id, or <c>quantity</c> with an optional
/// <c>section</c> and <c>together</c>. General-admission events take <c>quantity</c> alone.
/// </summary>
public static class SeatSelection
{
    /// <summary>Checks the request's fields; returns the quantity it asks for (the number of seats named, when it names them).</summary>
    public static int? Validate(FieldErrors errors, int? quantity, IReadOnlyList<string>? seats, string? section, int max)
    {
        if (seats is null)
        {
            errors.Check(quantity is null, "quantity", "quantity (or seats) is required.")
                .Check(quantity is { } q && (q < 1 || q > max), "quantity", $"quantity must be 1..{max}.")
                .Check(section is not null && (section.Length is 0 or > 40), "section", "section must be 1..40 characters.");
            return quantity;
        }

        errors.Check(seats.Count < 1 || seats.Count > max, "seats", $"seats must name 1..{max} seats.")
            .Check(seats.Any(s => string.IsNullOrEmpty(s) || s.Length > 100 || s.Contains('\0', StringComparison.Ordinal)), "seats", "Every seat id is 1..100 characters.")
            .Check(seats.Distinct(StringComparer.Ordinal).Count() != seats.Count, "seats", "A seat is named twice.")
            .Check(quantity is { } n && n != seats.Count, "quantity", "quantity must equal the number of seats named (or be left out).")
            .Check(section is not null, "section", "section goes with quantity, not with seats.");
        return seats.Count;
    }
}
