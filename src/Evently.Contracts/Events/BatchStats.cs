namespace Evently.Contracts.Events;

/// <summary>Group-commit counters of one event activation.</summary>
[GenerateSerializer, Immutable]
public sealed record BatchStats(
    [property: Id(0)] long Batches,
    [property: Id(1)] long Requests,
    [property: Id(2)] int LargestBatch,
    [property: Id(3)] long FailedBatches,
    [property: Id(4)] string Silo,
    [property: Id(5)] int RememberedKeys = 0)
{
    /// <summary>Mean requests per committed batch.</summary>
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Requests / Batches;
}
