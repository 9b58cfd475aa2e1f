using System.ComponentModel;
using Evently.Api.Seating;

namespace Evently.Api.Bookings;

/// <summary>Body of a booking or a hold: <c>quantity</c>, or on a seated event named <c>seats</c> (docs/api.md#post-apiv1eventsidbookings).</summary>
public sealed record BookingBody(
    [property: Description("How many seats (1..10 unless configured); best available on a seated event. Give quantity or seats.")] int? Quantity,
    [property: Description("Named seats of a seated event (\"A-3-7\"), instead of quantity.")] IReadOnlyList<string>? Seats = null,
    [property: Description("With quantity on a seated event: only this section.")] string? Section = null,
    [property: DefaultValue(false), Description("With quantity on a seated event: the seats next to each other in one row.")] bool? Together = null) : ISeatsBody;
