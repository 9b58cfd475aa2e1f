using Evently.Persistence.Options;

namespace Evently.Persistence.Catalog;

/// <summary>The catalog read model's timing (<c>Evently:Catalog</c>).</summary>
public sealed class CatalogOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Catalog";

    /// <summary>
    /// How often every shard is asked for the events changed since the last look (<c>PollMilliseconds</c>): the bound on
    /// staleness of a change whose grain report did not reach this front end (another silo's grain, or a lost report).
    /// </summary>
    public int PollMilliseconds { get; set; } = 200;

    /// <summary>
    /// A change is looked for from the newest <c>updated_at</c> seen minus this margin (<c>ChangeMarginSeconds</c>):
    /// <c>updated_at</c> is stamped when a batch is sealed, before it commits, so a commit may land with an older stamp.
    /// Larger than the longest commit (the database command timeout) plus clock skew between silos.
    /// </summary>
    public int ChangeMarginSeconds { get; set; } = 30;

    /// <summary>Every shard is read in full this often as well (<c>FullReloadSeconds</c>), whatever the change feed said.</summary>
    public int FullReloadSeconds { get; set; } = 300;

    /// <summary>
    /// Browse answers 503 <c>unavailable</c> once some shard cannot be reached and has not been caught up for this long
    /// (<c>UnavailableAfterMilliseconds</c>): the model cannot vouch for its freshness any more. A catch-up that is only
    /// slow (a starved machine) keeps browse answering.
    /// </summary>
    public int UnavailableAfterMilliseconds { get; set; } = 2_000;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (PollMilliseconds < 1 || ChangeMarginSeconds < 0 || FullReloadSeconds < 1 || UnavailableAfterMilliseconds < 1)
        {
            yield return $"{Section}: PollMilliseconds, FullReloadSeconds and UnavailableAfterMilliseconds must be at least 1, ChangeMarginSeconds not negative.";
        }
    }
}
