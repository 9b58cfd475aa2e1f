namespace Evently.Api.Operations;

/// <summary>Body of <c>POST /admin/shards</c>: the database to add; no host means the directory's server.</summary>
public sealed record AddShardRequest(string? Database, string? Host, int? Port);
