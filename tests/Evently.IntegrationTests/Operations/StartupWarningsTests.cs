using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

public sealed class StartupWarningsTests
{
    // Development without a webhook secret says once that it uses the documented one: a true notice, not a false alarm.
    private const string DevelopmentSecretNotice = "Warning Evently.Grains.Notifications.WebhookSecrets: Evently:Webhooks:SigningSecret is not set: using the documented Development secret";

    // Not about the app: the test process runs workstation GC (the app's project sets ServerGC), and Orleans' watchdog
    // compares its first participant check with a zero timestamp (it reports the machine's uptime as a stall).
    private static readonly string[] OfTheTestProcess =
    [
        "Warning Orleans.Runtime.Silo: Note: ServerGC only kicks in",
        "Warning Orleans.Runtime.Silo: Note: Silo not running with ServerGC",
        "Warning Orleans.Runtime.Watchdog: Participant check thread has not completed",
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
}
