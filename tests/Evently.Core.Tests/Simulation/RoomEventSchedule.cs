using CsCheck;

namespace Evently.Core.Tests.Simulation;

/// <summary>What happens in one step of a schedule that drives the waiting room and its event together.</summary>
public enum RoomEventOpKind
{
    Join,
    RoomRead,
    Tick,
    Advance,
    QuietSpell,
    RoomFailover,
    RoomCrash,
    EventDown,
    Book,
    Claim,
    Hold,
    Confirm,
    Cancel,
    WaitlistJoin,
    WaitlistRead,
    HoldRead,
    EventCrash,
    EventFailover,
    EventTimers,
}

/// <summary>One step: its kind, the user (0..5) and a number whose meaning depends on the kind.</summary>
public sealed record RoomEventOp(RoomEventOpKind Kind, int User, int N)
{
    public override string ToString() => $"{Kind}(u{User},{N})";
}

/// <summary>
/// A schedule of the waiting room and its event: the seed of every choice the scheduler makes, how hostile the stores
/// and the calls between the grains are, the room's pace and admission length, when sales open, the event's capacity
/// (small, so that the waitlist and its promotions come into play), and the steps in order.
/// </summary>
public sealed record RoomEventSchedule(int Seed, int Faults, int Pace, int AdmissionMinutes, int OpensAfterSeconds, int Capacity, RoomEventOp[] Ops)
{
    private static readonly int[] Paces = [30, 60, 120, 600];

    public int AdmitPerMinute => Paces[Pace];

    public override string ToString() =>
        $"seed {Seed}, faults {Faults}, pace {AdmitPerMinute}/min, admission {AdmissionMinutes} min, opens +{OpensAfterSeconds}s, capacity {Capacity}, "
        + $"ops [{string.Join(", ", Ops.Select(o => o.ToString()))}]";

    public static readonly Gen<RoomEventOp> Operation =
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, 5], Gen.Int[0, 9]).Select((k, user, n) => new RoomEventOp(k switch
        {
            < 16 => RoomEventOpKind.Join,
            < 22 => RoomEventOpKind.RoomRead,
            < 34 => RoomEventOpKind.Tick,
            < 48 => RoomEventOpKind.Advance,
            < 51 => RoomEventOpKind.QuietSpell,
            < 54 => RoomEventOpKind.RoomFailover,
            < 56 => RoomEventOpKind.RoomCrash,
            < 58 => RoomEventOpKind.EventDown,
            < 67 => RoomEventOpKind.Book,
            < 71 => RoomEventOpKind.Claim,
            < 76 => RoomEventOpKind.Hold,
            < 79 => RoomEventOpKind.Confirm,
            < 83 => RoomEventOpKind.Cancel,
            < 87 => RoomEventOpKind.WaitlistJoin,
            < 91 => RoomEventOpKind.WaitlistRead,
            < 93 => RoomEventOpKind.HoldRead,
            < 95 => RoomEventOpKind.EventCrash,
            < 97 => RoomEventOpKind.EventFailover,
            _ => RoomEventOpKind.EventTimers,
        }, user, n));

    public static readonly Gen<RoomEventSchedule> Any =
        Gen.Select(Gen.Int, Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[1, 2], Gen.Int[0, 20], Gen.Int[1, 4], Operation.Array[1, 50])
            .Select((seed, faults, pace, minutes, opens, capacity, ops) => new RoomEventSchedule(seed, faults, pace, minutes, opens, capacity, ops));
}
