namespace Evently.Contracts.Sales;

/// <summary>An event's waiting room on the wire: <c>{admitPerMinute, admissionMinutes, opensMinutesBefore}</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record WaitingRoomTerms(
    [property: Id(0)] int AdmitPerMinute,
    [property: Id(1)] int AdmissionMinutes,
    [property: Id(2)] int OpensMinutesBefore);
