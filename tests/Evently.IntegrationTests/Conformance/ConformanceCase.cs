using CsCheck;

namespace Evently.IntegrationTests.Conformance;

/// <summary>A conformance case: one event (seated or general admission) of a small capacity and the batches sent to it in order.</summary>
public sealed record ConformanceCase(bool Seated, int Capacity, BatchStep[] Steps)
{
    public override string ToString() => $"seated {Seated}, capacity {Capacity}, steps [{string.Join(", ", Steps.Select(s => s.ToString()))}]";

    /// <summary>Mostly batches the core could decide; about one in four is faulty, one in ten sent with a stale version.</summary>
    public static readonly Gen<BatchStep> AnyStep =
        Gen.Select(Gen.Int[0, 107], Gen.Int[0, 3], Gen.Int[0, 9], Gen.Int[0, 19], Gen.Int[0, 19]).Select((k, user, n, fault, stale) => new BatchStep(k switch
        {
            < 18 => StepKind.Book,
            < 28 => StepKind.Cancel,
            < 40 => StepKind.Hold,
            < 52 => StepKind.ResolveHold,
            < 62 => StepKind.Join,
            < 66 => StepKind.Leave,
            < 75 => StepKind.Promote,
            < 83 => StepKind.ResolvePromotion,
            < 87 => StepKind.Price,
            < 91 => StepKind.Notify,
            < 95 => StepKind.Edit,
            < 97 => StepKind.CancelEvent,
            < 100 => StepKind.Nothing,
            _ => StepKind.CheckIn,
        }, user, n, fault < 15 ? 0 : 1 + fault % 5, stale switch { 0 => 1, 1 => 2, _ => 0 }));

    public static readonly Gen<ConformanceCase> Any =
        Gen.Select(Gen.Bool, Gen.Int[1, 9], AnyStep.Array[1, 16]).Select((seated, capacity, steps) => new ConformanceCase(seated, capacity, steps));
}
