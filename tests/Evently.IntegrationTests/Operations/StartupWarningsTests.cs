using System.Diagnostics;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Evently.IntegrationTests.Operations;

public sealed class StartupWarningsTests
{
    // Development without a webhook secret says once that it uses the documented one: a true notice, not a false alarm.
    private const string DevelopmentSecretNotice = "Warning Evently.Grains.Notifications.WebhookSecrets: Evently:Webhooks:SigningSecret is not set: using the documented Development secret";

    // Not about the app: the test process runs workstation GC (the app's project sets ServerGC).
    private static readonly string[] OfTheTestProcess =
    [
        "Warning Orleans.Runtime.Silo: Note: ServerGC only kicks in",
        "Warning Orleans.Runtime.Silo: Note: Silo not running with ServerGC",
    ];

    [Fact]
    public async Task Start_up_logs_no_warning_and_none_twice()
    {
        var logs = new LogCapture();
        await using var app = await EventlyApp.StartAsync(shards: 2, logs: logs);

        var alarms = logs.Lines
            .Where(l => l.StartsWith("Warning ", StringComparison.Ordinal) || l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal))
            .Where(l => !OfTheTestProcess.Any(p => l.StartsWith(p, StringComparison.Ordinal)))
            .ToList();

        Assert.Single(alarms, l => l.StartsWith(DevelopmentSecretNotice, StringComparison.Ordinal));
        var others = alarms.Where(l => !l.StartsWith(DevelopmentSecretNotice, StringComparison.Ordinal)).ToList();
        Assert.True(others.Count == 0, string.Join(Environment.NewLine, others));
    }

    [Fact]
    public async Task The_watchdog_reads_a_check_not_yet_taken_as_the_silos_age_not_the_machines_uptime()
    {
        var started = Stopwatch.GetTimestamp();
        await using var app = await EventlyApp.StartAsync(shards: 1);

        // Orleans' watchdog starts its stall check before it takes the first timestamp of its participant check, so that
        // check may read the timestamp 0. The membership clock (the watchdog's) must count it from no earlier than the silo.
        var clock = app.Services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);
        var sinceZero = clock.GetElapsedTime(0);
        var sinceStart = Stopwatch.GetElapsedTime(started);

        Assert.True(sinceZero <= sinceStart, $"a timestamp of 0 reads as {sinceZero} ago; the app started {sinceStart} ago");
    }
}
