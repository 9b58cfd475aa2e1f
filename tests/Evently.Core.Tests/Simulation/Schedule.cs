using CsCheck;

namespace Evently.Core.Tests.Simulation;

/// <summary>What a client (or admin) does in one operation of a schedule.</summary>
public enum OpKind
{
    Book,
    Retry,
    Cancel,
    DuplicateCancel,
    Edit,
    EditRace,
    Price,
    CancelEvent,
    Join,
    Leave,
    Read,
    Suspend,
    Hold,
    Confirm,
    DuplicateConfirm,
    Release,
    EditSale,
    Admit,
    Claim,
    CheckIn,
    SetPlan,
}

/// <summary>One operation: its kind, the user (0..5), a number and a flag whose meaning depends on the kind.</summary>
public sealed record Op(OpKind Kind, int User, int N, int Flag)
{
    public override string ToString() => $"{Kind}(u{User},{N},{Flag})";
}

/// <summary>
/// A schedule: the seed of every choice the scheduler makes (which continuation runs, which I/O completes and how,
/// when the clock moves, when activations crash), how hostile the store is, the event, and the operations in order.
/// </summary>
public sealed record Schedule(int Seed, int Faults, int Capacity, bool SoonEvent, Op[] Ops, int Sale = 0, bool Seated = false)
{
    public override string ToString() =>
        $"seed {Seed}, faults {Faults}, capacity {Capacity}, soon {SoonEvent}, sale {Sale}, seated {Seated}, gated {Gated}, ops [{string.Join(", ", Ops.Select(o => o.ToString()))}]";

    /// <summary>Seconds after the simulation's epoch when sales open (0: open from the start).</summary>
    public int SalesStartSeconds => Sale % 8 * 40;

    /// <summary>Seconds the sales window lasts (0: until the event).</summary>
    public int SalesSeconds => Sale / 8 % 6 * 300;

    /// <summary>A quarter of the schedules sell through a waiting room: only admitted users (or promoted ones) may buy.</summary>
    public bool Gated => Math.Abs(Seed / 24 % 4) == 0;

    /// <summary>The per-user limit (null: none).</summary>
    public int? MaxTicketsPerUser => Sale / 48 % 5 is 0 or 1 ? null : Sale / 48 % 5 + Sale / 240 % 3 - 1;

    public static readonly Gen<Op> Operation =
        Gen.Select(Gen.Int[0, 171], Gen.Int[0, 5], Gen.Int[0, 9], Gen.Int[0, 3]).Select((k, user, n, flag) => new Op(k switch
        {
            < 24 => OpKind.Book,
            < 30 => OpKind.Retry,
            < 42 => OpKind.Cancel,
            < 47 => OpKind.DuplicateCancel,
            < 53 => OpKind.Edit,
            < 57 => OpKind.EditRace,
            // Half the price changes set or replace the seating plan instead (the generator's ranges, and with them the
            // schedules of the seeds kept in SimulationTests, stay as they were).
            < 60 => flag >= 2 ? OpKind.SetPlan : OpKind.Price,
            < 62 => OpKind.CancelEvent,
            < 80 => OpKind.Join,
            < 88 => OpKind.Leave,
            < 94 => OpKind.Suspend,
            < 100 => OpKind.Read,
            < 112 => OpKind.Hold,
            < 122 => OpKind.Confirm,
            < 126 => OpKind.DuplicateConfirm,
            < 130 => OpKind.Release,
            < 146 => OpKind.EditSale,
            < 154 => OpKind.Admit,
            < 164 => OpKind.Claim,
            _ => OpKind.CheckIn,
        }, user, n, flag));

    /// <summary>Half the schedules sell reserved seats (a plan of rows of three): chosen seats race, best-available fills rows.</summary>
    public static readonly Gen<Schedule> Any =
        Gen.Select(Gen.Int, Gen.Int[0, 3], Gen.Int[1, 12], Gen.Int[0, 4], Operation.Array[1, 40], Gen.Int[0, 719], Gen.Bool)
            .Select((seed, faults, capacity, soon, ops, sale, seated) => new Schedule(seed, faults, capacity, soon == 0, ops, sale, seated));
}
