namespace Evently.LoadGenerator.Http;

/// <summary>One HTTP exchange as the scenarios see it: a status and body, or a transport failure.</summary>
internal readonly record struct ApiAnswer(int Status, byte[] Body, TimeSpan? RetryAfter, string? TransportError, bool TransportAmbiguous)
{
    public bool IsTransportError => TransportError is not null;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The problem's <c>code</c> member, if the body is one.</summary>
    public string? Code => Body.Length > 0 ? JsonScan.String(Body, "code") : null;

    /// <summary>Key for the error breakdown: <c>"500"</c>, <c>"409 event_not_bookable"</c>, <c>"timeout"</c>.</summary>
    public string ErrorKind => TransportError ?? (Code is { } code ? $"{Status} {code}" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>True when the request may or may not have taken effect.</summary>
    public bool IsAmbiguous => IsTransportError ? TransportAmbiguous : Status >= 500 && Status != 503;
}
