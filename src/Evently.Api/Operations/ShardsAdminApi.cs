using System.Text.RegularExpressions;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Domain.Sharding;
using Evently.Domain.Text;
using Evently.Persistence.Options;
using Evently.Persistence.Sharding;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Evently.Api.Operations;

/// <summary>
/// Operators' commands on the shard tier (docs/operations.md, "Adding a database"): the bucket map, adding a shard
/// database, and moving one bucket to another database (also during a sale).
/// </summary>
public static partial class ShardsAdminApi
{
    /// <summary>Maps <c>/admin/shards</c> and <c>/admin/buckets</c>.</summary>
    public static void MapShardsAdminApi(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(AuthPolicies.Admin).WithTags("Operations");
        admin.MapGet("/shards", ListAsync).WithName("ListShards")
            .WithSummary("The bucket map's epoch and every registered shard database with the number of buckets it holds.");
        admin.MapPost("/shards", AddAsync).WithName("AddShard")
            .WithSummary("Registers a shard database (created when it is on the directory's server), applies the shard migrations; it holds no bucket until one is moved to it.");
        admin.MapPost("/buckets/{bucket:int}/move", MoveAsync).WithName("MoveBucket")
            .WithSummary("Moves one bucket to another shard database: its writers fenced on the source, copy, flip the map, delete the source rows. Safe during a sale: some requests wait, a few answer 503.");
        admin.MapGet("/rebalance", RebalanceStatusAsync).WithName("RebalanceStatus")
            .WithSummary("The latest rebalance: its state (none, running, interrupted, finished), moves planned and done, the move under way.");
        admin.MapPost("/rebalance", RebalanceAsync).WithName("Rebalance").Answers(409, ErrorCodes.RebalanceRunning)
            .WithSummary("Starts a rebalance in the background (or resumes the interrupted one): bucket moves that even out the rows, then the buckets, over the shard databases, one bucket at a time.");
    }

    private static async Task<Ok<ShardMapResponse>> ListAsync(ShardAdministration administration, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await administration.ReadAsync(cancellationToken)));

    private static async Task<Results<Created<ShardResponse>, Ok<ShardResponse>, ProblemHttpResult>> AddAsync(
        AddShardRequest? body, ShardAdministration administration, DatabaseOptions options, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var database = body?.Database;
        errors.Check(database is null || !DatabaseName().IsMatch(database), "database",
            "database is required: a lower-case PostgreSQL name (letters, digits, _; at most 63), e.g. evently_shard_4.");
        var host = string.IsNullOrWhiteSpace(body?.Host) ? null : body.Host.Trim();
        errors.Check(host is not null && (host.Length > 253 || StoredText.HasControl(host) || host.Contains(' ', StringComparison.Ordinal)), "host",
            "host must be a host name or address; leave it out for the directory's server.");
        errors.Check(body?.Port is not null && (host is null || body.Port is < 1 or > 65535), "port",
            "port (1..65535) goes with a host; leave both out for the directory's server.");
        var directory = new NpgsqlConnectionStringBuilder(options.Directory);
        errors.Check(host is null && database == directory.Database, "database", "The directory database cannot be a shard.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (added, isNew) = await administration.AddDatabaseAsync(database!, host, body!.Port, cancellationToken);
        var response = new ShardResponse(added.Ordinal, added.Database, added.Host, added.Port, 0);
        return isNew ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<BucketMove>, ProblemHttpResult>> MoveAsync(
        int bucket, MoveBucketRequest? body, ShardAdministration administration, ShardDataSources databases, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(bucket is < 0 or >= Buckets.Count, "bucket", $"bucket must be between 0 and {Buckets.Count - 1}.");
        var shards = databases.Map.ShardCount;
        errors.Check(body?.ToShard is null || body.ToShard < 0 || body.ToShard >= shards, "toShard",
            $"toShard is required: a registered shard, 0..{shards - 1} (GET /api/v1/admin/shards lists them).");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await administration.MoveBucketAsync(bucket, body!.ToShard!.Value, cancellationToken: cancellationToken));
    }

    private static async Task<Ok<RebalanceStatus>> RebalanceStatusAsync(Rebalancer rebalancer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rebalancer.StatusAsync(cancellationToken));

    private static async Task<Results<Accepted<RebalanceStatus>, ProblemHttpResult>> RebalanceAsync(Rebalancer rebalancer, CancellationToken cancellationToken) =>
        await rebalancer.StartAsync(cancellationToken) is { } status
            ? TypedResults.Accepted("/api/v1/admin/rebalance", status)
            : Problems.Conflict(ErrorCodes.RebalanceRunning, "Another process is running a rebalance; GET /api/v1/admin/rebalance follows it.");

    private static ShardMapResponse Describe(ShardTopology topology) => new(
        topology.Map.Epoch,
        topology.Databases.Select(d => new ShardResponse(d.Ordinal, d.Database, d.Host, d.Port, topology.Map.BucketCountOf(d.Ordinal))).ToList());

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
