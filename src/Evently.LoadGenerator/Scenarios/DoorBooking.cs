using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>One booking of the door run and what its scans were answered (counted from several doors at once).</summary>
internal sealed class DoorBooking(Guid id, string bookingRef)
{
    private int _checkedIn;
    private int _alreadyCheckedIn;
    private int _ambiguous;
    private int _unexpected;

    public Guid Id => id;

    public string BookingRef => bookingRef;

    /// <summary>201s: the scans that admitted the booking (exactly one is right).</summary>
    public int CheckedIn => Volatile.Read(ref _checkedIn);

    /// <summary><c>409 already_checked_in</c> answers: the duplicate scans.</summary>
    public int AlreadyCheckedIn => Volatile.Read(ref _alreadyCheckedIn);

    /// <summary>Scans whose outcome is unknown (504 or a lost connection): one of them may have admitted the booking.</summary>
    public int Ambiguous => Volatile.Read(ref _ambiguous);

    /// <summary>Any other answer (a 404, a 400, a 500…): none is right.</summary>
    public int Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>The <c>checkedInAt</c> of the (first) 201.</summary>
    public string? CheckedInAt { get; private set; }

    /// <summary>The answer to one more scan after the run: <c>409 already_checked_in</c> with the 201's <c>checkedInAt</c>.</summary>
    public ApiAnswer? Rescan { get; set; }

    /// <summary>Counts one scan's answer (a 429 or 503 is not an answer about the booking: the door asks again).</summary>
    public DoorAnswer Count(ApiAnswer answer)
    {
        if (answer.Status == 201)
        {
            if (Interlocked.Increment(ref _checkedIn) == 1)
            {
                CheckedInAt = JsonScan.String(answer.Body, "checkedInAt");
            }

            return DoorAnswer.CheckedIn;
        }

        if (answer.Status == 409 && answer.Code == "already_checked_in")
        {
            Interlocked.Increment(ref _alreadyCheckedIn);
            return DoorAnswer.AlreadyCheckedIn;
        }

        if (answer.IsAmbiguous)
        {
            Interlocked.Increment(ref _ambiguous);
            return DoorAnswer.Ambiguous;
        }

        Interlocked.Increment(ref _unexpected);
        return DoorAnswer.Unexpected;
    }
}
