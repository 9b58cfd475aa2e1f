namespace Evently.LoadGenerator.Scenarios;

/// <summary>How a closed-model client waits after a 429: lightly, somewhere between 50 ms and Retry-After (at most 1 s).</summary>
internal static class Backoff
{
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(1);

    public static TimeSpan After429(TimeSpan? retryAfter, Random random)
    {
        if (retryAfter is not { } ra || ra <= Floor)
        {
            return Floor;
        }

        var upper = ra < Cap ? ra : Cap;
        return Floor + ((upper - Floor) * random.NextDouble());
    }
}
