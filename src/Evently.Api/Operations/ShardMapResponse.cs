namespace Evently.Api.Operations;

/// <summary>The bucket map's epoch and the registered shard databases.</summary>
public sealed record ShardMapResponse(long Epoch, IReadOnlyList<ShardResponse> Shards);
