namespace Evently.IntegrationTests.Conformance;

/// <summary>What one batch of a conformance case does (each may be sent faulty, see <see cref="BatchStep.Fault"/>).</summary>
public enum StepKind
{
    Book,
    Cancel,
    Hold,
    ResolveHold,
    Join,
    Leave,
    Promote,
    ResolvePromotion,
    Price,
    Notify,
    Edit,
    CancelEvent,
    Nothing,
    CheckIn,
}
