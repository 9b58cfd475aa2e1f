namespace Evently.IntegrationTests.Conformance;

/// <summary>
/// One batch: its kind, a user (0..3), a number whose meaning depends on the kind, a fault (0: none; else a wrong batch
/// of that kind, see <see cref="ConformanceBatches"/>) and how the expected version is sent (0 current, 1 behind, 2 ahead).
/// </summary>
public sealed record BatchStep(StepKind Kind, int User, int N, int Fault, int Stale)
{
    public override string ToString() =>
        $"{Kind}(u{User},{N}{(Fault > 0 ? $",fault{Fault}" : "")}{(Stale switch { 1 => ",behind", 2 => ",ahead", _ => "" })})";
}
