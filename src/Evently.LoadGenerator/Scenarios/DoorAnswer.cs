namespace Evently.LoadGenerator.Scenarios;

/// <summary>What a scan at the door was told.</summary>
internal enum DoorAnswer
{
    /// <summary>201: this scan admitted the booking.</summary>
    CheckedIn,

    /// <summary>409 already_checked_in: another scan admitted it.</summary>
    AlreadyCheckedIn,

    /// <summary>The outcome is unknown (504, a lost connection).</summary>
    Ambiguous,

    /// <summary>Anything else.</summary>
    Unexpected,
}
