using Evently.Api.Auth;
using Evently.Persistence.Sharding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.Api.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every shard answers and the cluster takes calls).
/// Anonymous callers get only the status, from <see cref="ReadinessCache"/>; admins get a fresh check with every entry.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Registers the readiness checks.</summary>
    public static IServiceCollection AddEventlyHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabasesHealthCheck>("databases", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        services.AddSingleton<ReadinessCache>();
        return services;
    }

    /// <summary>Maps the two health endpoints, anonymous.</summary>
    public static void MapEventlyHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.Map("/health/ready", ReadyAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task ReadyAsync(HttpContext context, ReadinessCache readiness, IAuthorizationService authorization)
    {
        var admin = (await authorization.AuthorizeAsync(context.User, AuthPolicies.Admin)).Succeeded;
        var report = admin ? await readiness.CheckAsync(context.RequestAborted) : await readiness.CachedAsync(context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store, no-cache";
        if (admin)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            });
        }
        else
        {
            await context.Response.WriteAsJsonAsync(new { status = report.Status.ToString() });
        }
    }

    private sealed class DatabasesHealthCheck(ShardDataSources databases) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var all = databases.Shards.Select((s, i) => (Name: $"shard{i}", Source: s)).Prepend((Name: "directory", Source: databases.Directory)).ToList();
            var results = await Task.WhenAll(all.Select(async d => (d.Name, Ok: await PingAsync(d.Source, cancellationToken))));
            var down = results.Where(r => !r.Ok).Select(r => r.Name).ToList();
            return down.Count == 0
                ? HealthCheckResult.Healthy($"{all.Count} databases answer")
                : HealthCheckResult.Unhealthy($"Unreachable: {string.Join(", ", down)}");
        }

        private static async Task<bool> PingAsync(Npgsql.NpgsqlDataSource source, CancellationToken cancellationToken)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await using var command = source.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(timeout.Token);
                return true;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return false;
            }
        }
    }

    private sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
                return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silos") : HealthCheckResult.Unhealthy("No active silo");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("The cluster does not answer", ex);
            }
        }
    }
}
