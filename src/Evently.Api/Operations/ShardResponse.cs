namespace Evently.Api.Operations;

/// <summary>A registered shard database and how many buckets it holds; a null host or port is the directory's server's.</summary>
public sealed record ShardResponse(int Shard, string Database, string? Host, int? Port, int Buckets);
