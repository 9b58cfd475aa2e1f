namespace Evently.Api.Operations;

/// <summary>Body of <c>POST /admin/buckets/{bucket}/move</c>: the shard to move the bucket to.</summary>
public sealed record MoveBucketRequest(int? ToShard);
