namespace Evently.Persistence.Queries;

/// <summary>A shard did not answer in time; the request must fail rather than return a partial answer.</summary>
public sealed class ShardUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
