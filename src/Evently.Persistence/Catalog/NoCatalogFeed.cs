using Evently.Core;

namespace Evently.Persistence.Catalog;

/// <summary>A feed for hosts without a read model (a silo without a front end): reports go nowhere.</summary>
public sealed class NoCatalogFeed : ICatalogFeed
{
    /// <inheritdoc />
    public void Changed(EventRecord committed) { }
}
