using Evently.Core;

namespace Evently.Persistence.Catalog;

/// <summary>
/// Where an event grain reports its event after every commit (and after its creation), so the catalog read model
/// serving browse sees the change at once. Best effort: a lost report is made good by the model's catch-up.
/// </summary>
public interface ICatalogFeed
{
    /// <summary>The event as now committed.</summary>
    void Changed(EventRecord committed);
}
