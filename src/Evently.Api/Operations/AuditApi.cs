using Evently.Api.Auth;
using Evently.Persistence.Queries;

namespace Evently.Api.Operations;

/// <summary><c>GET /admin/audit</c>: the booking invariants checked shard by shard, for operators after an incident.</summary>
public static class AuditApi
{
    /// <summary>Maps the audit endpoint.</summary>
    public static void MapAuditApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/admin/audit", AuditAsync).RequireAuthorization(AuthPolicies.Admin).WithTags("Operations")
            .WithName("Audit").WithSummary("Checks seats, booking totals, held seats, promotions and their expiry reminders on every shard; lists what is broken.");

    private static async Task<IResult> AuditAsync(Auditor auditor, Evently.Persistence.Sharding.ShardDataSources databases, CancellationToken cancellationToken)
    {
        var findings = await auditor.RunAsync(cancellationToken);
        return TypedResults.Ok(new
        {
            healthy = findings.Count == 0,
            shards = Enumerable.Range(0, databases.Shards.Count).Select(shard => new
            {
                shard,
                findings = findings.Where(f => f.Shard == shard).Select(f => new { f.Check, f.EventId, f.Detail }).ToList(),
            }).ToList(),
        });
    }
}
