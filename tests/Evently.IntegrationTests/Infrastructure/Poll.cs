namespace Evently.IntegrationTests.Infrastructure;

/// <summary>Waiting on a condition instead of a fixed sleep: checks it until it holds or a deadline passes.</summary>
public static class Poll
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether <paramref name="condition"/> held within <paramref name="within"/>; checked every <paramref name="every"/> (50 ms).</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan within, TimeSpan? every = null) =>
        UntilAsync(() => Task.FromResult(condition()), within, every);

    /// <summary>Whether <paramref name="condition"/> held within <paramref name="within"/>; checked every <paramref name="every"/> (50 ms).</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(every ?? Every);
        }

        return true;
    }

    /// <summary>Asserts that <paramref name="condition"/> holds within <paramref name="within"/>; checked every <paramref name="every"/> (50 ms).</summary>
    public static async Task AssertAsync(Func<bool> condition, TimeSpan within, TimeSpan? every = null) =>
        Assert.True(await UntilAsync(condition, within, every), $"condition not met in {within}");

    /// <summary>Asserts that <paramref name="condition"/> holds within <paramref name="within"/>; checked every <paramref name="every"/> (50 ms).</summary>
    public static async Task AssertAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan? every = null) =>
        Assert.True(await UntilAsync(condition, within, every), $"condition not met in {within}");
}
