using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Evently.Api.Events;

/// <summary>An event's waiting room in a request: <c>admitPerMinute</c> required, the others defaulted.</summary>
public sealed record WaitingRoomRequest(
    [property: Required, Range(1, 100_000), Description("How many waiting users are admitted per minute.")] int? AdmitPerMinute,
    [property: Range(1, 120), DefaultValue(10), Description("How long an admission lasts.")] int? AdmissionMinutes,
    [property: Range(0, 1440), DefaultValue(30), Description("How long before salesStartAt the room opens for joins.")] int? OpensMinutesBefore);
