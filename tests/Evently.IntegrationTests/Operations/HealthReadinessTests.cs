using System.Diagnostics;
using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.IntegrationTests.Operations;

public sealed class HealthReadinessTests
{
    [Fact]
    public async Task Many_anonymous_readiness_probes_within_a_second_run_the_checks_at_most_once_per_second()
    {
        var probe = new CountingCheck();
        await using var app = await EventlyApp.StartAsync(shards: 2, services: s => s.AddHealthChecks().AddCheck("probe", probe, tags: ["ready"]));
        using var anonymous = app.CreateClient();
        probe.Reset();

        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))));
        var elapsed = clock.Elapsed;

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        // One check per started second at most (the burst normally takes far less than a second: one check).
        var allowed = 1 + (int)elapsed.TotalSeconds;
        Assert.True(probe.Count <= allowed, $"{probe.Count} readiness checks for 50 anonymous probes in {elapsed.TotalMilliseconds:F0} ms (at most {allowed})");
    }

    [Fact]
    public async Task Anonymous_callers_see_only_the_status_and_admins_every_database()
    {
        await using var app = await EventlyApp.StartAsync(shards: 2);
        using var anonymous = app.CreateClient();
        using var admin = app.ClientWithToken(await app.AdminTokenAsync());

        var anonymousBody = await anonymous.GetStringAsync(new Uri("/health/ready", UriKind.Relative));
        var adminBody = await admin.GetStringAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal("{\"status\":\"Healthy\"}", anonymousBody);
        Assert.Contains("\"databases\"", adminBody, StringComparison.Ordinal);
        Assert.Contains("3 databases answer", adminBody, StringComparison.Ordinal);
        Assert.Contains("active silo", adminBody, StringComparison.Ordinal);
    }

    private sealed class CountingCheck : IHealthCheck
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }
}
