namespace Evently.Api.Events;

/// <summary>An event's waiting room in a request: <c>admitPerMinute</c> required, the others defaulted.</summary>
public sealed record WaitingRoomRequest(int? AdmitPerMinute, int? AdmissionMinutes, int? OpensMinutesBefore);
