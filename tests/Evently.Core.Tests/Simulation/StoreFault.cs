namespace Evently.Core.Tests.Simulation;

/// <summary>How a simulated write fails, if it does.</summary>
internal enum StoreFault
{
    None,
    BeforeCommit,
    AfterCommit,
}
