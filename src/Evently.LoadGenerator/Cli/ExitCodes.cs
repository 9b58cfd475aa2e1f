namespace Evently.LoadGenerator.Cli;

/// <summary>What the process answers: 0 check passed and no errors, 1 usage or set-up error, 2 check failed or errors.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int CheckFailed = 2;
}
