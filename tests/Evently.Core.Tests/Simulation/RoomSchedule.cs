using CsCheck;

namespace Evently.Core.Tests.Simulation;

/// <summary>What happens in one step of a waiting room's schedule.</summary>
public enum RoomOpKind
{
    Join,
    Read,
    Tick,
    Advance,
    QuietSpell,
    Failover,
    Crash,
    EventDown,
}

/// <summary>One step: its kind, the user (0..7) and a number whose meaning depends on the kind.</summary>
public sealed record RoomOp(RoomOpKind Kind, int User, int N)
{
    public override string ToString() => $"{Kind}(u{User},{N})";
}

/// <summary>
/// A waiting room's schedule: the seed of every choice the scheduler makes (which continuation runs, which I/O
/// completes and how), how hostile the store and the event are, the room's pace and admission length, when sales
/// open, and the steps in order.
/// </summary>
public sealed record RoomSchedule(int Seed, int Faults, int Pace, int AdmissionMinutes, int OpensAfterSeconds, RoomOp[] Ops)
{
    private static readonly int[] Paces = [30, 60, 120, 600];

    public int AdmitPerMinute => Paces[Pace];

    public override string ToString() =>
        $"seed {Seed}, faults {Faults}, pace {AdmitPerMinute}/min, admission {AdmissionMinutes} min, opens +{OpensAfterSeconds}s, ops [{string.Join(", ", Ops.Select(o => o.ToString()))}]";

    public static readonly Gen<RoomOp> Operation =
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, 7], Gen.Int[0, 9]).Select((k, user, n) => new RoomOp(k switch
        {
            < 30 => RoomOpKind.Join,
            < 45 => RoomOpKind.Read,
            < 62 => RoomOpKind.Tick,
            < 84 => RoomOpKind.Advance,
            < 89 => RoomOpKind.QuietSpell,
            < 93 => RoomOpKind.Failover,
            < 96 => RoomOpKind.Crash,
            _ => RoomOpKind.EventDown,
        }, user, n));

    public static readonly Gen<RoomSchedule> Any =
        Gen.Select(Gen.Int, Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[1, 2], Gen.Int[0, 20], Operation.Array[1, 40])
            .Select((seed, faults, pace, minutes, opens, ops) => new RoomSchedule(seed, faults, pace, minutes, opens, ops));
}
