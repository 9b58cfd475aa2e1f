namespace Evently.Persistence.Options;

/// <summary>
/// The Orleans cluster's names and timing (section <c>Evently:Cluster</c>). Here beside the databases because start-up
/// checks the grain call timeout against the database timeouts (<see cref="Hosting.CommitBudget"/>).
/// </summary>
public sealed class EventlyClusterOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Cluster";

    /// <summary>Orleans cluster id: silos and front ends with the same one (and the same directory database) form one cluster.</summary>
    public string ClusterId { get; set; } = "evently";

    /// <summary>Orleans service id; reminders are keyed by it, so it must not change over a deployment's life.</summary>
    public string ServiceId { get; set; } = "evently";

    /// <summary>
    /// How long a grain call waits (Orleans' default is 30 s): a call to a silo that died without a word fails after this,
    /// a read with 503, a write with 504 <c>outcome_unknown</c>.
    /// </summary>
    public int ResponseTimeoutSeconds { get; set; } = 10;

    /// <summary>How long a membership probe of another silo may take; with <see cref="NumMissedProbesLimit"/> a dead silo is declared within seconds.</summary>
    public int ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>Missed probes before a silo is suspected.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>The grain call timeout as a span.</summary>
    public TimeSpan ResponseTimeout => TimeSpan.FromSeconds(ResponseTimeoutSeconds);

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return $"{Section}: ClusterId and ServiceId must not be empty.";
        }

        if (ResponseTimeoutSeconds < 1 || ProbeTimeoutSeconds < 1 || NumMissedProbesLimit < 1)
        {
            yield return $"{Section}: ResponseTimeoutSeconds, ProbeTimeoutSeconds and NumMissedProbesLimit must be at least 1.";
        }
    }
}
