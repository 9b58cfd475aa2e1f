using Evently.Persistence.Options;
using Microsoft.Extensions.Configuration;

namespace Evently.Persistence.Hosting;

/// <summary>
/// A booking may wait for the batch ahead of it and then its own: two commits. Both must fail or finish before
/// the grain call times out, or the front end stops waiting without learning the outcome. Checked at start-up.
/// </summary>
public static class CommitBudget
{
    /// <summary>The configuration key of the Orleans response (grain call) timeout, in seconds.</summary>
    public const string ResponseTimeoutKey = "Evently:Cluster:ResponseTimeoutSeconds";

    /// <summary>The grain call timeout silos and clients are configured with.</summary>
    public static TimeSpan ResponseTimeout(IConfiguration configuration) =>
        configuration.GetEventlyOptions<EventlyClusterOptions>().ResponseTimeout;

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> with one clear message unless two commits, each waiting at most
    /// <paramref name="connectionTimeoutSeconds"/> for a connection and <paramref name="commandTimeoutSeconds"/> for its command,
    /// fit within <paramref name="responseTimeout"/>.
    /// </summary>
    public static void Validate(int connectionTimeoutSeconds, int commandTimeoutSeconds, TimeSpan responseTimeout)
    {
        if (connectionTimeoutSeconds < 1 || commandTimeoutSeconds < 1)
        {
            throw new InvalidOperationException(
                $"Evently:Database:ConnectionTimeoutSeconds and CommandTimeoutSeconds must be at least 1 (were {connectionTimeoutSeconds} and {commandTimeoutSeconds}); 0 would mean no timeout.");
        }

        var twoCommits = TimeSpan.FromSeconds(2 * (connectionTimeoutSeconds + commandTimeoutSeconds));
        if (twoCommits >= responseTimeout)
        {
            throw new InvalidOperationException(
                $"Evently:Database timeouts do not fit the grain call timeout: 2 × (ConnectionTimeoutSeconds {connectionTimeoutSeconds} + CommandTimeoutSeconds {commandTimeoutSeconds}) = {twoCommits.TotalSeconds:0} s "
                + $"must be below {ResponseTimeoutKey} ({responseTimeout.TotalSeconds:0.###} s), so that a booking waiting for two commits hears their outcome before its call times out. "
                + "Lower the database timeouts or raise the response timeout.");
        }
    }
}
